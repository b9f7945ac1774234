using CallResponse.Contracts.Sla;
using CallResponse.Sla.CaseSla;
using CallResponse.ServiceDefaults.Clocks;
using Marten;
using Microsoft.Extensions.Options;

namespace CallResponse.Sla.Deadlines;

/// <summary>
/// Opens and settles a case's deadlines: computes due and warning times on the right clock, and
/// writes or deletes their wake-up rows in the session that also saves the case's SLA state.
/// </summary>
public sealed class DeadlineBook(SlaClock clock, IOptions<SlaOptions> options)
{
    /// <summary>
    /// Opens a deadline of <paramref name="target"/> on <paramref name="clockName"/> from <paramref name="start"/>.
    /// </summary>
    public Deadline Open(
        CaseSlaState state,
        IDocumentSession session,
        string kind,
        string unitCode,
        DateTimeOffset start,
        string target,
        string clockName) =>
        OpenUntil(
            state,
            session,
            kind,
            unitCode,
            start,
            Scaled(start, clock.DueAt(start, target, clockName)),
            clockName);

    /// <summary>
    /// Opens a deadline that falls due at a given time (an approved extension, a whistle's report-by).
    /// </summary>
    public Deadline OpenUntil(
        CaseSlaState state,
        IDocumentSession session,
        string kind,
        string unitCode,
        DateTimeOffset start,
        DateTimeOffset due,
        string clockName)
    {
        // Times arrive with any offset (an extension's date is a person's); the wake-up table takes UTC.
        (start, due) = (start.ToUniversalTime(), due.ToUniversalTime());
        var warn = clockName == SlaClock.Working && due > start
            ? clock.WarnAt(start, due, options.Value.WarningShare, clockName)
            : start + ((due - start) * options.Value.WarningShare);
        var deadline = new Deadline
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            UnitCode = unitCode,
            Clock = clockName,
            StartedAt = start,
            WarnAt = warn < due ? warn : due,
            DueAt = due,
        };
        state.Deadlines.Add(deadline);
        DeadlineWakeups.Schedule(session, state.CorrelationId, deadline);
        return deadline;
    }

    /// <summary>
    /// Settles every open deadline of <paramref name="kind"/> (met, cancelled, extended) and stops its wake-ups.
    /// </summary>
    public void Settle(CaseSlaState state, IDocumentSession session, string kind, string outcome, DateTimeOffset at)
    {
        foreach (var deadline in state.Deadlines.Where(deadline => deadline.Kind == kind && deadline.IsOpen))
        {
            Settle(session, deadline, outcome, at);
        }
    }

    /// <summary>Settles every open deadline: the case is closed or merged.</summary>
    public void SettleAll(CaseSlaState state, IDocumentSession session, string outcome, DateTimeOffset at)
    {
        foreach (var deadline in state.Deadlines.Where(deadline => deadline.IsOpen))
        {
            Settle(session, deadline, outcome, at);
        }
    }

    public static void Settle(IDocumentSession session, Deadline deadline, string outcome, DateTimeOffset at)
    {
        deadline.State = outcome;
        deadline.SettledAt = at;
        DeadlineWakeups.Cancel(session, deadline.Id);
    }

    /// <summary>
    /// A pause (挂起) begins: every open response and resolution deadline is marked <c>paused</c> and its wake-ups are
    /// deleted, so none falls due while the case waits. Whistles' report-by times are the departments', not the
    /// unit's, and run on; a breach already recorded stays recorded.
    /// </summary>
    public static void Pause(CaseSlaState state, IDocumentSession session, DateTimeOffset at)
    {
        foreach (var deadline in state.Deadlines.Where(deadline => deadline.IsOpen
            && deadline.Kind is DeadlineKinds.Response or DeadlineKinds.Resolution))
        {
            deadline.PausedFrom = deadline.State;
            Settle(session, deadline, DeadlineStates.Paused, at);
        }

        state.PausedAt = at;
    }

    /// <summary>
    /// The pause that began at <paramref name="pausedAt"/> ends: each deadline it paused is continued by a new one
    /// of the same kind, unit, clock and start, whose warning and due times are later by the time paused: the wall
    /// clock's on the <c>24x7</c> clock, the working time that elapsed in the pause on the <c>working</c> clock (a
    /// pause over a weekend moves a working deadline by nothing). A new deadline, not the paused one opened again,
    /// because wake-ups are keyed by the deadline's id and a wake-up of the old due time may still be on its way.
    /// </summary>
    public void Resume(CaseSlaState state, IDocumentSession session, DateTimeOffset pausedAt, DateTimeOffset resumedAt)
    {
        var paused = state.Deadlines
            .Where(deadline => deadline.State == DeadlineStates.Paused && deadline.SettledAt == pausedAt)
            .ToList();
        foreach (var deadline in paused)
        {
            var shift = deadline.Clock == SlaClock.Working
                ? clock.WorkingTimeBetween(pausedAt, resumedAt)
                : resumedAt - pausedAt;
            var continued = new Deadline
            {
                Id = Guid.CreateVersion7(),
                Kind = deadline.Kind,
                UnitCode = deadline.UnitCode,
                Clock = deadline.Clock,
                StartedAt = deadline.StartedAt,
                WarnAt = clock.Later(deadline.WarnAt, shift, deadline.Clock),
                DueAt = clock.Later(deadline.DueAt, shift, deadline.Clock),
                State = deadline.PausedFrom ?? DeadlineStates.Pending,
            };
            state.Deadlines.Add(continued);
            DeadlineWakeups.Schedule(session, state.CorrelationId, continued);
        }

        state.PausedAt = null;
    }

    /// <summary>The due time with the interval scaled (<see cref="SlaOptions.TargetScale"/>; 1 in operation).</summary>
    private DateTimeOffset Scaled(DateTimeOffset start, DateTimeOffset due) =>
        options.Value.TargetScale == 1 ? due : start + ((due - start) * Math.Max(options.Value.TargetScale, 0.0001));
}
