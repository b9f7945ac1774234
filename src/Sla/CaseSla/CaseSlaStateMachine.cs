using CallResponse.Contracts.Cases;
using CallResponse.Contracts.Sla;
using CallResponse.ServiceDefaults.Clocks;
using CallResponse.Sla.Deadlines;
using CallResponse.Sla.Notices;
using CallResponse.Contracts.Routing;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.CaseSla;

/// <summary>
/// Watches one case's promises (see <c>src/docs/sla.md</c>). Routing starts the response clock of
/// the assigned unit; a claim meets it and the resolution clock runs from the first routing; a
/// return or reassignment starts the new unit's response clock without resetting the resolution
/// clock; resolution opens the feedback window; an approved extension moves the resolution
/// deadline; a whistle gives each summoned department a report-by deadline; a pause (挂起) stops the
/// response and resolution deadlines, and its resumption moves them later by the time paused. Each deadline warns
/// at a share of its time and, if unmet when due, is breached: the cases service records the
/// breach and escalates the case, whose new unit then gets its own response deadline.
/// </summary>
public sealed class CaseSlaStateMachine : MassTransitStateMachine<CaseSlaState>
{
    public CaseSlaStateMachine(
        DeadlineBook book, IOptions<SlaOptions> options, NpgsqlDataSource database)
    {
        InstanceState(state => state.CurrentState);

        Event(() => Routed, e => e.CorrelateById(message => message.Message.CaseId));
        Event(() => Claimed, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Returned, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Reassigned, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Resolved, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Reopened, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Closed, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Extended, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Whistled, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Reported, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Merged, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Paused, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Resumed, e => MustExist(e.CorrelateById(message => message.Message.CaseId)));
        Event(() => Woken, e =>
        {
            e.CorrelateById(message => message.Message.CaseId);
            // A wake-up of no case this service knows has no state to commit with: its row goes at once, or
            // it would fire again after every lease.
            e.OnMissingInstance(missing => missing.ExecuteAsync(context => DeadlineWakeups.DeleteAsync(
                database, context.Message.DeadlineId, context.Message.Phase, context.CancellationToken)));
        });

        Initially(
            When(Routed)
                .Then(context =>
                {
                    var routed = context.Message;
                    // Routing sends the item's targets along; an item not in the catalogue has none: the defaults.
                    var target = routed.Targets ?? new ResponseTargets(
                        options.Value.DefaultResponseTarget, options.Value.DefaultResolutionTarget, "working");
                    var state = context.Saga;
                    state.ItemCode = routed.ItemCode;
                    state.CatalogueVersion = routed.CatalogueVersion;
                    state.Clock = target.Clock;
                    state.ResponseTarget = target.ResponseTarget;
                    state.ResolutionTarget = target.ResolutionTarget;
                    state.FirstRoutedAt = routed.RoutedAt;
                    state.Grid = routed.GridCode;
                    state.Community = routed.CommunityCode;
                    state.Street = routed.StreetCode;
                    state.District = routed.DistrictCode;
                    StartResponse(book, context, routed.Assignment.UnitCode, routed.RoutedAt);
                })
                .TransitionTo(AwaitingClaim));

        // Each step is applied once: a redelivered message finds its deadline already opened.
        During(AwaitingClaim, Working, AwaitingFeedback,
            NewUnit(Routed, context => context.Message.Assignment.UnitCode, routed => routed.RoutedAt),
            NewUnit(Returned, context => context.Saga.Street, returned => returned.ReturnedAt),
            NewUnit(
                Reassigned,
                context => context.Message.Assignment.UnitCode,
                reassigned => reassigned.ReassignedAt,
                reassigned => reassigned.Kind != ReturnRejected),
            When(Reassigned, context => context.Message.Kind == ReturnRejected)
                .Then(context => Reinstate(book, context))
                .TransitionTo(AwaitingClaim),
            When(Extended)
                .If(
                    context => !context.Saga.Deadlines.Any(deadline =>
                        deadline.Kind == DeadlineKinds.Resolution && deadline.DueAt == context.Message.ResolveBy),
                    step => step
                        .Then(context =>
                        {
                            var session = Session(context);
                            book.Settle(
                                context.Saga,
                                session,
                                DeadlineKinds.Resolution,
                                DeadlineStates.Extended,
                                context.Message.ApprovedAt);
                            book.OpenUntil(
                                context.Saga,
                                session,
                                DeadlineKinds.Resolution,
                                context.Saga.UnitCode,
                                context.Message.ApprovedAt,
                                context.Message.ResolveBy,
                                SlaClock.TwentyFourSeven);
                        })),
            When(Whistled).Then(context =>
            {
                foreach (var department in context.Message.Departments.Where(department =>
                    !Opened(context.Saga, DeadlineKinds.Whistle(department), department, context.Message.BlownAt)))
                {
                    book.OpenUntil(
                        context.Saga,
                        Session(context),
                        DeadlineKinds.Whistle(department),
                        department,
                        context.Message.BlownAt,
                        context.Message.ReportBy,
                        SlaClock.TwentyFourSeven);
                }
            }),
            When(Reported).Then(context => book.Settle(
                context.Saga,
                Session(context),
                DeadlineKinds.Whistle(context.Message.Department),
                DeadlineStates.Met,
                context.Message.AnsweredAt)),
            When(Closed)
                .Then(context => book.SettleAll(
                    context.Saga,
                    Session(context),
                    DeadlineStates.Cancelled,
                    context.Message.ClosedAt))
                .TransitionTo(Done),
            When(Merged)
                .Then(context => book.SettleAll(
                    context.Saga,
                    Session(context),
                    DeadlineStates.Cancelled,
                    context.Message.MergedAt))
                .TransitionTo(Done),
            // A pause (挂起) stops the open response and resolution deadlines; its resumption continues each, due later
            // by the time paused. Each applies once: a redelivery is older than the step applied (NewerStepsOnly), and
            // a resumption ends only the pause it names.
            When(Paused, context => context.Saga.PausedAt is null)
                .Then(context => DeadlineBook.Pause(context.Saga, Session(context), context.Message.PausedAt)),
            When(Resumed, context => context.Saga.PausedAt == context.Message.PausedAt)
                .Then(context => book.Resume(
                    context.Saga, Session(context), context.Message.PausedAt, context.Message.ResumedAt)),
            When(Woken).Then(Wake));

        During(AwaitingClaim,
            When(Claimed, context => context.Message.UnitCode == context.Saga.UnitCode)
                .Then(context =>
                {
                    var (state, session, at) = (context.Saga, Session(context), context.Message.ClaimedAt);
                    book.Settle(state, session, DeadlineKinds.Response, DeadlineStates.Met, at);
                    if (!state.Deadlines.Any(deadline => deadline.Kind == DeadlineKinds.Resolution))
                    {
                        book.Open(
                            state,
                            session,
                            DeadlineKinds.Resolution,
                            context.Message.UnitCode,
                            state.FirstRoutedAt,
                            state.ResolutionTarget,
                            state.Clock);
                    }
                })
                .TransitionTo(Working));

        // A claim newer than every step applied, by a unit the case has not reached here, follows a routing,
        // return or reassignment still on its way: it fails, to be retried once that has been applied.
        During(AwaitingClaim, Working, AwaitingFeedback,
            When(Claimed, context => context.Message.UnitCode != context.Saga.UnitCode).Then(WaitForItsAssignment));

        // A claim and a resolution published close together may be consumed in either order.
        During(AwaitingClaim, Working,
            When(Resolved)
                .Then(context =>
                {
                    var (state, session, at) = (context.Saga, Session(context), context.Message.ResolvedAt);
                    book.Settle(state, session, DeadlineKinds.Response, DeadlineStates.Met, at);
                    book.Settle(state, session, DeadlineKinds.Resolution, DeadlineStates.Met, at);
                    book.Open(
                        state,
                        session,
                        DeadlineKinds.Feedback,
                        state.UnitCode,
                        at,
                        options.Value.FeedbackWindow,
                        SlaClock.TwentyFourSeven);
                })
                .TransitionTo(AwaitingFeedback));

        // Redeliveries and steps already overtaken change nothing.
        During(Working, AwaitingFeedback,
            Ignore(Claimed, context => context.Message.UnitCode == context.Saga.UnitCode));
        During(AwaitingFeedback, Ignore(Resolved));
        During(AwaitingClaim, Working, Ignore(Reopened));
        During(
            Done,
            Ignore(Routed),
            Ignore(Claimed),
            Ignore(Returned),
            Ignore(Reassigned),
            Ignore(Resolved),
            Ignore(Reopened),
            Ignore(Closed),
            Ignore(Extended),
            Ignore(Whistled),
            Ignore(Reported),
            Ignore(Merged),
            Ignore(Paused),
            Ignore(Resumed));

        During(AwaitingFeedback,
            When(Reopened)
                .Then(context =>
                {
                    var (state, session, at) = (context.Saga, Session(context), context.Message.ReopenedAt);
                    book.Settle(state, session, DeadlineKinds.Feedback, DeadlineStates.Cancelled, at);
                    var promised = state.Deadlines
                        .Where(deadline => deadline.Kind == DeadlineKinds.Resolution)
                        .Select(deadline => deadline.DueAt)
                        .DefaultIfEmpty(at)
                        .Max();
                    book.OpenUntil(
                        state,
                        session,
                        DeadlineKinds.Resolution,
                        context.Message.UnitCode,
                        at,
                        promised > at ? promised : at,
                        state.Clock);
                })
                .TransitionTo(Working));

        // Even a wake-up that changes nothing is handled: its row goes, or it would fire again.
        During(Done, When(Woken).Then(Wake));
        return;

        // A routing, return or reassignment gives the case to a unit, whose response clock starts once.
        EventActivityBinder<CaseSlaState, T> NewUnit<T>(
            Event<T> step,
            Func<BehaviorContext<CaseSlaState, T>, string> unitCode,
            Func<T, DateTimeOffset> at,
            Func<T, bool>? applies = null)
            where T : class =>
            When(step, context => applies?.Invoke(context.Message) ?? true).If(
                context => !Opened(context.Saga, DeadlineKinds.Response, unitCode(context), at(context.Message)),
                then => then
                    .Then(context => StartResponse(book, context, unitCode(context), at(context.Message)))
                    .TransitionTo(AwaitingClaim));

        void StartResponse(
            DeadlineBook deadlines,
            BehaviorContext<CaseSlaState> context,
            string unitCode,
            DateTimeOffset at)
        {
            var state = context.Saga;
            deadlines.Settle(state, Session(context), DeadlineKinds.Response, DeadlineStates.Cancelled, at);
            state.UnitCode = unitCode;
            deadlines.Open(
                state,
                Session(context),
                DeadlineKinds.Response,
                unitCode,
                at,
                state.ResponseTarget,
                state.Clock);
        }
    }

    /// <summary>The <c>CaseReassigned.Kind</c> of a rejected return (驳回).</summary>
    private const string ReturnRejected = "return-rejected";

    /// <summary>
    /// A rejected return gives the case back to the unit on the clock that ran all along: the desk's response
    /// deadline is cancelled and the unit's, cancelled by its return, opens again with its first due time (due at
    /// once if that has passed). One the unit had already breached stays breached: it is not breached twice.
    /// </summary>
    private static void Reinstate(DeadlineBook book, BehaviorContext<CaseSlaState, CaseReassigned> context)
    {
        var (state, unit, at) = (context.Saga, context.Message.Assignment.UnitCode, context.Message.ReassignedAt);
        var session = Session(context);
        var earlier = state.Deadlines.LastOrDefault(deadline =>
            deadline.Kind == DeadlineKinds.Response && deadline.UnitCode == unit);
        book.Settle(state, session, DeadlineKinds.Response, DeadlineStates.Cancelled, at);
        state.UnitCode = unit;
        if (earlier is null)
        {
            book.Open(state, session, DeadlineKinds.Response, unit, at, state.ResponseTarget, state.Clock);
        }
        else if (earlier.State != DeadlineStates.Breached)
        {
            book.OpenUntil(
                state, session, DeadlineKinds.Response, unit, earlier.StartedAt, earlier.DueAt, earlier.Clock);
        }
    }

    /// <summary>How many cases the SLA endpoint works on at once.</summary>
    public const int Partitions = 8;

    /// <summary>
    /// Hands one case's messages to the state machine one at a time, in the order they arrive. A
    /// claim and a resolution published together would otherwise race for the same instance: one
    /// commit would fail on the optimistic version after waiting on the other's row locks, and be
    /// done again. Across processes (and across this service's two queues) the optimistic version
    /// still decides. A step older than the last one applied (by <c>CaseVersion</c>) is ignored. The state
    /// machine publishes nothing itself: its notices are rows committed with its state (<see cref="NoticeOutbox"/>).
    /// </summary>
    public static void Configure(IRegistrationContext context, ISagaConfigurator<CaseSlaState> saga)
    {
        saga.ConcurrentMessageLimit = Partitions;
        var partitioner = saga.CreatePartitioner(Partitions);
        Step<CaseRouted>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseClaimed>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseReturned>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseReassigned>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseResolved>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseReopened>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseClosed>(message => message.CaseId, message => message.CaseVersion);
        Step<ExtensionApproved>(message => message.CaseId, message => message.CaseVersion);
        // A whistle or a report adds to the case and supersedes no other step: applied whenever it comes (once, by
        // its deadline), it moves no version, or a late one would be lost, or would hide a late reassignment.
        By<WhistleBlown>(message => message.CaseId);
        By<WhistleAnswered>(message => message.CaseId);
        Step<CaseMerged>(message => message.CaseId, message => message.CaseVersion);
        Step<CasePaused>(message => message.CaseId, message => message.CaseVersion);
        Step<CaseResumed>(message => message.CaseId, message => message.CaseVersion);
        By<DeadlineReached>(message => message.CaseId);
        return;

        void Step<T>(Func<T, Guid> caseId, Func<T, long> caseVersion)
            where T : class
        {
            By(caseId);
            saga.SagaMessage<T>(message => message.UseFilter(new NewerStepsOnly<T>(caseVersion)));
        }

        void By<T>(Func<T, Guid> caseId)
            where T : class =>
            saga.Message<T>(message => message.UsePartitioner(partitioner, consumed => caseId(consumed.Message)));
    }

    public State AwaitingClaim { get; private set; } = null!;

    public State Working { get; private set; } = null!;

    public State AwaitingFeedback { get; private set; } = null!;

    public State Done { get; private set; } = null!;

    public Event<CaseRouted> Routed { get; private set; } = null!;

    public Event<CaseClaimed> Claimed { get; private set; } = null!;

    public Event<CaseReturned> Returned { get; private set; } = null!;

    public Event<CaseReassigned> Reassigned { get; private set; } = null!;

    public Event<CaseResolved> Resolved { get; private set; } = null!;

    public Event<CaseReopened> Reopened { get; private set; } = null!;

    public Event<CaseClosed> Closed { get; private set; } = null!;

    public Event<ExtensionApproved> Extended { get; private set; } = null!;

    public Event<WhistleBlown> Whistled { get; private set; } = null!;

    public Event<WhistleAnswered> Reported { get; private set; } = null!;

    public Event<CaseMerged> Merged { get; private set; } = null!;

    public Event<CasePaused> Paused { get; private set; } = null!;

    public Event<CaseResumed> Resumed { get; private set; } = null!;

    public Event<DeadlineReached> Woken { get; private set; } = null!;

    private static IDocumentSession Session(BehaviorContext<CaseSlaState> context) =>
        context.GetPayload<IDocumentSession>();

    /// <summary>Whether this step's deadline was opened already (the message is a redelivery).</summary>
    private static bool Opened(CaseSlaState state, string kind, string unitCode, DateTimeOffset startedAt) =>
        state.Deadlines.Any(deadline => deadline.Kind == kind
            && deadline.UnitCode == unitCode
            && deadline.StartedAt == startedAt);

    /// <summary>
    /// A step of a case this service has not seen routed: retried until the routing arrives (it is published first).
    /// </summary>
    private static void MustExist<T>(IEventCorrelationConfigurator<CaseSlaState, T> correlation)
        where T : class =>
        correlation.OnMissingInstance(missing => missing.Fault());

    /// <summary>
    /// A claim by a unit other than the case's, newer than every step applied: it overtook the step that assigned
    /// the case to that unit, so it fails and is retried until that step has been applied.
    /// </summary>
    private static void WaitForItsAssignment(BehaviorContext<CaseSlaState, CaseClaimed> context) =>
        throw new InvalidOperationException(
            $"Case {context.Saga.CorrelationId}: the claim by {context.Message.UnitCode} "
            + $"(version {context.Message.CaseVersion}) came before the step that assigned it; "
            + $"the case is with {context.Saga.UnitCode} here.");

    /// <summary>
    /// A deadline's warning or due time has come: its wake-up row is deleted, and what it decides is added to
    /// the notice outbox, with the state that handles it. Settled deadlines, and wake-ups already handled (a
    /// redelivery, or a lease that ran out before the first was handled), change nothing.
    /// </summary>
    private static void Wake(BehaviorContext<CaseSlaState, DeadlineReached> context)
    {
        var (state, session, woken) = (context.Saga, Session(context), context.Message);
        DeadlineWakeups.Handled(session, woken.DeadlineId, woken.Phase);
        var deadline = state.Deadlines.FirstOrDefault(candidate => candidate.Id == woken.DeadlineId);
        if (deadline is null || !deadline.IsOpen)
        {
            return;
        }

        var (wakeup, now) = (DeadlineWakeups.IdFor(woken.DeadlineId, woken.Phase), woken.FireAt);
        if (woken.Phase == DeadlineWakeups.Warn)
        {
            if (deadline.State == DeadlineStates.Pending)
            {
                deadline.State = DeadlineStates.Warned;
                NoticeOutbox.Add(session, wakeup, new SlaWarningIssued(
                    state.CorrelationId, deadline.Id, deadline.Kind, deadline.UnitCode, deadline.DueAt, now));
            }

            return;
        }

        if (deadline.Kind == DeadlineKinds.Feedback)
        {
            DeadlineBook.Settle(session, deadline, DeadlineStates.Met, now);
            NoticeOutbox.Add(session, wakeup, new FeedbackWindowLapsed(state.CorrelationId, now));
            return;
        }

        DeadlineBook.Settle(session, deadline, DeadlineStates.Breached, now);
        NoticeOutbox.Add(session, wakeup, new SlaBreached(
            state.CorrelationId, deadline.Id, deadline.Kind, deadline.UnitCode, deadline.DueAt, now));
    }
}

/// <summary>
/// Applies a case step only if it is newer than the last one applied: steps may be delivered out of order
/// (a return handled after the routing that followed it).
/// </summary>
internal sealed class NewerStepsOnly<T>(Func<T, long> caseVersion) : IFilter<SagaConsumeContext<CaseSlaState, T>>
    where T : class
{
    public async Task Send(SagaConsumeContext<CaseSlaState, T> context, IPipe<SagaConsumeContext<CaseSlaState, T>> next)
    {
        var version = caseVersion(context.Message);
        if (version <= context.Saga.LastCaseVersion)
        {
            return;
        }

        await next.Send(context);
        context.Saga.LastCaseVersion = version;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("newerStepsOnly");
}
