namespace CallResponse.ServiceDefaults.ReferenceCopies;

/// <summary>What health and metrics read of any copy, whatever it holds.</summary>
public interface IReferenceCopy
{
    /// <summary>Short and stable, e.g. <c>catalogue</c>: the health check's and the gauge's label.</summary>
    string Name { get; }

    /// <summary>How often the background refresher fetches a new copy.</summary>
    TimeSpan RefreshAfter { get; }

    /// <summary>How old the copy is, or null when there has never been one.</summary>
    TimeSpan? Age { get; }
}

/// <summary>
/// A service's copy of another service's reference data (catalogue codes, departments, area names), so that
/// no request or consumer ever waits on that service. Readers take <see cref="Current"/> from memory;
/// <see cref="ReferenceCopyRefresher{T}"/> loads the last stored copy when the service starts and fetches
/// a new one in the background, storing each in the service's own schema. A singleton.
/// </summary>
public sealed class ReferenceCopy<T>(string name, TimeSpan refreshAfter, TimeProvider clock) : IReferenceCopy
    where T : class
{
    private volatile Snapshot? current;

    public string Name => name;

    public TimeSpan RefreshAfter => refreshAfter;

    /// <summary>The last known copy, or null when the service has never had one (first start, source down).</summary>
    public T? Current => current?.Copy;

    public TimeSpan? Age => current is { } snapshot ? clock.GetUtcNow() - snapshot.FetchedAt : null;

    internal DateTimeOffset? FetchedAt => current?.FetchedAt;

    internal void Set(T copy, DateTimeOffset fetchedAt) => current = new Snapshot(copy, fetchedAt);

    private sealed record Snapshot(T Copy, DateTimeOffset FetchedAt);
}
