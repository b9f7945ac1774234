namespace CallResponse.ServiceDefaults.Auth;

/// <summary>The roles of the system, as they appear in tokens and in the API.</summary>
public static class Roles
{
    /// <summary>网格员: logs residents' calls; bound to a grid (or a community's grids).</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>社区调度员: handles the community's cases; bound to a community.</summary>
    public const string CommunityDispatcher = "community-dispatcher";

    /// <summary>街道调度员: the street's triage desk, whistles, routing by hand; bound to a street.</summary>
    public const string StreetDispatcher = "street-dispatcher";

    /// <summary>部门联络员: claims, returns, works and resolves the department's cases; bound to a department.</summary>
    public const string Liaison = "liaison";

    /// <summary>督办: watches, reassigns, escalates, approves extensions; bound to a street or the district.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>
    /// 回访员: calls residents back once a case is resolved and records their feedback, independent of the units
    /// rated; bound to the district's 12345 centre or a street's service centre.
    /// </summary>
    public const string FeedbackAgent = "feedback-agent";

    /// <summary>Publishes catalogue versions and sees everything.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>
        {
            GridWorker, CommunityDispatcher, StreetDispatcher, Liaison, Supervisor, FeedbackAgent, Admin,
        };
}
