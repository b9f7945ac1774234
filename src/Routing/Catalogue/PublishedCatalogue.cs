namespace CallResponse.Routing.Catalogue;

/// <summary>A catalogue version as stored: published once, never changed (its id is the version).</summary>
public sealed record PublishedCatalogue(string Id, Catalogue Catalogue, DateTimeOffset PublishedAt, string PublishedBy);
