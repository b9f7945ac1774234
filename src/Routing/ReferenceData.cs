using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using CallResponse.Routing.NegativeList;
using CallResponse.Routing.Rules;
using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;

namespace CallResponse.Routing;

/// <summary>Where routing's data files are; defaults to the files shipped next to the service.</summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    public string DataFolder { get; set; } = Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>How often another instance's newly published catalogue version is picked up.</summary>
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// What routing decides with. The area tree, the rules and the negative list come from files,
/// validated at start-up (a bad file stops the service with the file, field and reason). Catalogue
/// versions live in PostgreSQL: the shipped file seeds its version, an administrator publishes
/// newer ones, and the newest is current. Cases keep the version they were routed under.
/// </summary>
public sealed class ReferenceData
{
    private readonly IDocumentStore store;
    private readonly RoutingRules rules;
    private readonly Catalogue.Catalogue shipped;
    private volatile RoutingBasis current;

    public ReferenceData(IOptions<ReferenceDataOptions> options, IDocumentStore store)
    {
        this.store = store;
        var folder = options.Value.DataFolder;
        var areasPath = Path.Combine(folder, "areas.json");
        Areas = AreaFile.Load(areasPath);
        AreasVersion = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(areasPath)))[..16].ToLowerInvariant();
        NegativeList = NegativeListFile.Load(Path.Combine(folder, "negative-list.json"));
        shipped = CatalogueFile.Load(Path.Combine(folder, "catalogue.json"));
        rules = RoutingRulesFile.Load(Path.Combine(folder, "routing-rules.json"), shipped, Areas);
        current = new RoutingBasis(shipped, Areas, rules);
    }

    public AreaTree Areas { get; }

    /// <summary>A fingerprint of the area file, the tree's ETag: it changes only when the file does.</summary>
    public string AreasVersion { get; }

    public NegativeListDocument NegativeList { get; }

    /// <summary>The basis of every decision made now.</summary>
    public RoutingBasis Current => current;

    /// <summary>Stores the shipped catalogue's version if it is new, then makes the newest version current.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using (var session = store.LightweightSession())
        {
            if (await session.LoadAsync<PublishedCatalogue>(shipped.Version, cancellationToken) is null)
            {
                session.Insert(new PublishedCatalogue(
                    shipped.Version,
                    shipped,
                    DateTimeOffset.UtcNow,
                    "shipped with the service"));
                try
                {
                    await session.SaveChangesAsync(cancellationToken);
                }
                catch (JasperFx.DocumentAlreadyExistsException)
                {
                    // Another instance seeded it first.
                }
            }
        }

        await RefreshAsync(cancellationToken);
    }

    /// <summary>Makes the newest stored version current (a no-op when it already is).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var newest = await session.Query<PublishedCatalogue>()
            .OrderByDescending(version => version.PublishedAt)
            .FirstAsync(cancellationToken);
        if (newest.Id != current.Catalogue.Version)
        {
            current = new RoutingBasis(newest.Catalogue, Areas, rules);
        }
    }

    /// <summary>
    /// Validates a new catalogue version (and the rules against it), stores it and makes it current.
    /// Returns the problems by field; none means it was published.
    /// </summary>
    public async Task<PublishResult> PublishAsync(
        Catalogue.Catalogue catalogue,
        string publishedBy,
        CancellationToken cancellationToken)
    {
        var errors = new DataErrors("catalogue");
        CatalogueFile.Validate(catalogue, errors);
        RoutingRulesFile.Validate(rules, catalogue, Areas, errors);
        if (errors.Any)
        {
            return new PublishResult.Invalid(errors.ByField());
        }

        await using var session = store.LightweightSession();
        session.Insert(new PublishedCatalogue(catalogue.Version, catalogue, DateTimeOffset.UtcNow, publishedBy));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return new PublishResult.VersionExists();
        }

        current = new RoutingBasis(catalogue, Areas, rules);
        return new PublishResult.Published();
    }
}

/// <summary>The outcome of publishing a catalogue version.</summary>
public abstract record PublishResult
{
    public sealed record Published : PublishResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : PublishResult;

    public sealed record VersionExists : PublishResult;
}

/// <summary>Keeps <see cref="ReferenceData.Current"/> on the newest published catalogue version.</summary>
public sealed class CatalogueRefresher(
    ReferenceData data,
    IOptions<ReferenceDataOptions> options,
    ILogger<CatalogueRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await data.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.RefreshFailed(logger, exception);
            }
        }
    }
}
