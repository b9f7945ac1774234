using Marten;
using Marten.Events;

namespace CallResponse.Cases.Tests;

/// <summary>
/// The names the case events are stored under are data: the history shows them, the workbench words them,
/// the audit counts them. A class may be renamed; its stored name may not.
/// </summary>
public sealed class StoredEventNamesTests
{
    [Fact]
    public void Every_case_event_keeps_its_stored_name()
    {
        var store = new StoreOptions();
        store.Connection("Host=localhost"); // never opened: only the event names are read
        CaseStorage.Configure(store);

        var names = typeof(CaseAccepted).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(CaseAccepted).Namespace && type.Name != nameof(Case)
                && type.GetProperty("CaseId") is not null)
            .ToDictionary(type => type.Name, type => ((EventGraph)store.Events).EventMappingFor(type).EventTypeName);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["CaseAccepted"] = "case_opened",
                ["CaseDispatched"] = "case_routed",
                ["CaseClaimed"] = "case_claimed",
                ["CaseReturned"] = "case_returned",
                ["ProgressNoted"] = "progress_noted",
                ["AssistanceRequested"] = "assistance_requested",
                ["CaseResolved"] = "case_resolved",
                ["FeedbackGiven"] = "feedback_given",
                ["CaseReopened"] = "case_reopened",
                ["CaseClosed"] = "case_closed",
                ["CaseReassigned"] = "case_reassigned",
                ["CaseEscalated"] = "case_escalated",
                ["WhistleBlown"] = "whistle_blown",
                ["WhistleAnswered"] = "whistle_answered",
                ["ExtensionRequested"] = "extension_requested",
                ["ExtensionApproved"] = "extension_approved",
                ["ExtensionDenied"] = "extension_denied",
                ["CaseMerged"] = "case_merged",
                ["DuplicateMerged"] = "duplicate_merged",
                ["SlaWarned"] = "sla_warned",
                ["SlaBreachRecorded"] = "sla_breach_recorded",
                ["PhotoAttached"] = "photo_attached",
                ["ReturnRejected"] = "return_rejected",
                ["AssignmentFixed"] = "assignment_fixed",
                ["AppealFiled"] = "appeal_filed",
                ["AppealApproved"] = "appeal_approved",
                ["AppealRejected"] = "appeal_rejected",
                ["SupervisionOrdered"] = "supervision_ordered",
                ["CaseUrged"] = "case_urged",
                ["PauseRequested"] = "pause_requested",
                ["CasePaused"] = "case_paused",
                ["PauseDenied"] = "pause_denied",
                ["CaseResumed"] = "case_resumed",
            }.OrderBy(pair => pair.Key),
            names.OrderBy(pair => pair.Key));
    }
}
