using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// Every command a person gives a case, each a slice of its own named as its URL
/// (<c>POST /api/cases/{id}/{command}</c>); <see cref="CaseCommand"/> runs them all one way.
/// </summary>
public static class CaseCommands
{
    public static IEndpointRouteBuilder MapCaseCommands(this IEndpointRouteBuilder endpoints)
    {
        Route.Map(endpoints);
        Claim.Map(endpoints);
        Return.Map(endpoints);
        Progress.Map(endpoints);
        RequestAssistance.Map(endpoints);
        Resolve.Map(endpoints);
        Feedback.Map(endpoints);
        Close.Map(endpoints);
        Reassign.Map(endpoints);
        Escalate.Map(endpoints);
        Whistle.Map(endpoints);
        Report.Map(endpoints);
        RequestExtension.Map(endpoints);
        ApproveExtension.Map(endpoints);
        DenyExtension.Map(endpoints);
        Urge.Map(endpoints);
        Merge.Map(endpoints);
        RejectReturn.Map(endpoints);
        FixAssignment.Map(endpoints);
        Appeal.Map(endpoints);
        DecideAppeal.Map(endpoints);
        RequestPause.Map(endpoints);
        DecidePause.Map(endpoints);
        Resume.Map(endpoints);
        return endpoints;
    }
}
