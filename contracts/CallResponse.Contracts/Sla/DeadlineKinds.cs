namespace CallResponse.Contracts.Sla;

/// <summary>The values of a deadline's <c>Kind</c> in the SLA messages.</summary>
public static class DeadlineKinds
{
    /// <summary>Time to claim (认领时限), per assigned unit.</summary>
    public const string Response = "response";

    /// <summary>Time to resolve (办结时限), from the first routing.</summary>
    public const string Resolution = "resolution";

    /// <summary>The resident's feedback window (回访时限).</summary>
    public const string Feedback = "feedback";

    private const string WhistlePrefix = "whistle:";

    /// <summary>A summoned department's report-by deadline (报到时限).</summary>
    public static string Whistle(string department) => WhistlePrefix + department;

    public static bool IsWhistle(string kind) => kind.StartsWith(WhistlePrefix, StringComparison.Ordinal);
}
