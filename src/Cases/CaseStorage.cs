using Marten;

namespace CallResponse.Cases;

/// <summary>
/// How a case is stored: its events' names, and the columns and indexes that lists, boards and measures read.
/// </summary>
public static class CaseStorage
{
    public static void Configure(StoreOptions store)
    {
        // The stored names never change (the history, the workbench and the audit read them); the classes may.
        store.Events.MapEventType<CaseAccepted>("case_opened");
        store.Events.MapEventType<CaseDispatched>("case_routed");

        // Columns (and indexes) for what lists filter and page on, so a page stays fast at a million cases.
        store.Schema.For<Case>()
            .Duplicate(found => found.LoggedAt)
            .Duplicate(found => found.Status)
            .Duplicate(found => found.Place.Street)
            .Duplicate(found => found.Place.Community)
            .Duplicate(found => found.ItemCode)
            .Duplicate(found => found.OverdueRank)
            // The overdue board's paused cases past their expected resume (挂起逾期): few, and time decides, not state.
            .Duplicate(found => found.ResumeBy)
            .Index(found => found.Assignment!.UnitCode)
            // The duplicate hint (GET /api/cases/{id}): the latest open cases of one item in one grid, newest first.
            .Index([found => found.ItemCode, found => found.Place.Grid, found => found.LoggedAt]);
    }
}
