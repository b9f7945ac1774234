namespace CallResponse.ServiceDefaults.ReferenceCopies;

/// <summary>
/// The last fetched copy, kept as a Marten document (<c>mt_doc_referencecopy</c> in the service's schema)
/// so that a service restarted while the source is down still has it. <see cref="Data"/> is the copy as JSON.
/// </summary>
public sealed record StoredReferenceCopy(string Id, string Data, DateTimeOffset FetchedAt);
