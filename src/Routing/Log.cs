namespace CallResponse.Routing;

/// <summary>Routing's log messages (no personal data: routing never sees any).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Case {CaseId} routed by rule {RuleId} to {Level} {UnitCode}")]
    public static partial void Routed(ILogger logger, Guid caseId, string ruleId, string level, string unitCode);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Could not refresh the current catalogue version; keeping the one in use")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
