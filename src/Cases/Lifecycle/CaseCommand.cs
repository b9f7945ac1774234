using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using JasperFx.Events.Aggregation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// One way every case command runs (<c>POST /api/cases/{id}/{command}</c>), so each feature holds
/// only its rule: authentication; <c>Idempotency-Key</c> (a retry answers the first result and acts
/// once); <c>If-Match</c> (428 without, 412 when stale); 404 for a case the actor may not see, 403
/// for one not theirs to act on; 409 for a move the state machine does not allow; then the decision,
/// appended in one transaction with the actor recorded on every event.
/// </summary>
public static class CaseCommand
{
    private const int IdempotencyKeyMaxLength = 200;

    /// <summary>Maps a command whose decision needs nothing but the case, the actor, now and the request.</summary>
    public static RouteHandlerBuilder MapCaseCommand<TRequest>(
        this IEndpointRouteBuilder endpoints,
        string command,
        string summary,
        Func<CommandContext, TRequest, Decision> decide)
        where TRequest : notnull =>
        endpoints.MapCaseCommand<TRequest, bool>(
            command,
            summary,
            (_, _, _) => Task.FromResult(true),
            (context, request, _) => decide(context, request));

    /// <summary>
    /// Maps a command whose decision also needs something from outside the case (the catalogue's departments,
    /// routing's check of a choice, another case): <paramref name="fetch"/> gets it, once the case is found,
    /// the actor may act and the state allows the command; then <paramref name="decide"/> runs, pure.
    /// </summary>
    public static RouteHandlerBuilder MapCaseCommand<TRequest, TInput>(
        this IEndpointRouteBuilder endpoints,
        string command,
        string summary,
        Func<CommandContext, TRequest, HttpContext, Task<TInput>> fetch,
        Func<CommandContext, TRequest, TInput, Decision> decide)
        where TRequest : notnull
    {
        return endpoints.MapPost(
                $"/api/cases/{{id:guid}}/{command}",
                (Guid id, TRequest request, HttpContext http, IDocumentSession session, TimeProvider clock) =>
                    ExecuteAsync(id, command, request, http, session, clock, async (context, body) =>
                        decide(context, body, await fetch(context, body, http))))
            .WithName(
                string.Concat(command.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..])) + "Case")
            .WithTags("Case lifecycle")
            .WithSummary(summary)
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    private static async Task<Results<Ok<GetCase.CaseView>, ValidationProblem, ProblemHttpResult>>
        ExecuteAsync<TRequest>(
            Guid id,
            string command,
            TRequest request,
            HttpContext http,
            IDocumentSession session,
            TimeProvider clock,
            Func<CommandContext, TRequest, Task<Decision>> decide)
    {
        var cancellationToken = http.RequestAborted;
        var actor = Actor.From(http.User);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > IdempotencyKeyMaxLength)
        {
            return ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"At most {IdempotencyKeyMaxLength} characters."],
            });
        }

        // No case has the empty id, and Marten throws on fetching its stream: the caller got 500.
        if (id == Guid.Empty)
        {
            return CaseProblems.NotFound(id);
        }

        var processedId = ProcessedCommand.IdFor(id, actor.UserId, key);
        if (key.Length > 0
            && await session.LoadAsync<ProcessedCommand>(processedId, cancellationToken) is { } processed)
        {
            return await ReplayAsync(processed, command, id, http, session, actor);
        }

        var (expected, badPrecondition) = ETags.ExpectedVersion(http.Request);
        var stream = await session.Events.FetchForWriting<Case>(id, cancellationToken);
        if (stream.Aggregate is not { } current || !CaseAccess.CanSee(current, actor))
        {
            return CaseProblems.NotFound(id);
        }

        if (!CaseAccess.MayGive(current, actor, command))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "This is not yours to do.",
                detail: $"A {actor.Role} of {actor.Unit} may not '{command}' this case "
                    + $"(assigned to {current.Assignment?.Level} {current.Assignment?.UnitCode}).");
        }

        if (badPrecondition is not null)
        {
            return badPrecondition;
        }

        // Marten reads the stream's version and the case document in two statements, which can see two
        // moments: a change committed between them shows in the document alone. Either ahead is stale.
        var actual = Math.Max(stream.CurrentVersion ?? 0, current.Version);
        if (actual != expected)
        {
            return ETags.Stale(expected!.Value, actual);
        }

        if (CaseStateMachine.Refusal(current, command) is { } refusal)
        {
            // currentStatus lets a client say what the case is now without parsing the detail.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: refusal,
                detail: $"The case is {CaseStatusNames.Of(current.Status)}; nothing was changed.",
                extensions: new Dictionary<string, object?> { ["currentStatus"] = CaseStatusNames.Of(current.Status) });
        }

        var decision = await decide(new CommandContext(current, actor, clock.GetUtcNow()), request);
        switch (decision)
        {
            case Decision.Invalid invalid:
                return ProblemResponses.Invalid(invalid.Errors);
            case Decision.Refuse refused:
                return TypedResults.Problem(statusCode: refused.Status, title: refused.Title, detail: refused.Detail);
        }

        var accepted = (Decision.Accept)decision;
        session.LastModifiedBy = actor.ToString();
        stream.AppendMany(accepted.Events);
        foreach (var (otherCase, otherVersion, otherEvent) in accepted.Elsewhere ?? [])
        {
            session.Events.Append(otherCase, otherVersion, otherEvent);
        }

        if (key.Length > 0)
        {
            session.Insert(new ProcessedCommand(processedId, id, command, clock.GetUtcNow()));
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return ETags.Stale(expected!.Value, expected.Value + 1);
        }

        // The case as the inline snapshot now stores it, applied here rather than read back: one round trip less.
        var updated = (await http.RequestServices.GetRequiredService<IAggregator<Case, IQuerySession>>()
            .BuildAsync(stream.Events, session, current, cancellationToken))!;
        updated.Version = stream.CurrentVersion!.Value;
        return Answer(updated, actor, http, clock.GetUtcNow());
    }

    /// <summary>The same Idempotency-Key again: the case as it is now, if it was the same command.</summary>
    private static async Task<Results<Ok<GetCase.CaseView>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        ProcessedCommand processed, string command, Guid id, HttpContext http, IQuerySession session, Actor actor)
    {
        if (processed.Command != command)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The Idempotency-Key was already used for another command.",
                detail: $"It was used for '{processed.Command}'. "
                    + "Use a new key for a new command; nothing was changed.");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        var current = await session.LoadAsync<Case>(id, http.RequestAborted);
        return current is null || !CaseAccess.CanSee(current, actor)
            ? CaseProblems.NotFound(id)
            : Answer(current, actor, http);
    }

    private static Ok<GetCase.CaseView> Answer(Case current, Actor actor, HttpContext http, DateTimeOffset? now = null)
    {
        http.Response.Headers.ETag = ETags.Of(current.Version);
        return TypedResults.Ok(GetCase.ToView(current, actor, now));
    }
}

/// <summary>A command done under an Idempotency-Key, kept so a retry is answered rather than done again.</summary>
/// <remarks>Keys are the caller's own: another user's identical key is a different command.</remarks>
public sealed record ProcessedCommand(string Id, Guid CaseId, string Command, DateTimeOffset At)
{
    public static string IdFor(Guid caseId, string userId, string key) => $"{caseId}:{userId}:{key}";
}
