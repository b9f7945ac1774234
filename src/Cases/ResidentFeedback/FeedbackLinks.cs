using System.Security.Cryptography;
using System.Text;
using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CallResponse.Cases.ResidentFeedback;

/// <summary>
/// The resident's own 回访 through a one-time link, without signing in. A feedback agent (回访员) makes a link for
/// a resolved case (<c>POST /api/cases/{id}/feedback-links</c>) and sends it (by SMS, later by the notifier); the
/// resident opens it in the workbench (<c>/#/feedback/{token}</c>), reads what was done and answers once. The
/// token is 32 random bytes, kept only as its SHA-256, valid for <see cref="Options.ValidFor"/>, and travels in
/// request bodies, never in an API path, so it reaches no access log.
/// </summary>
public static class FeedbackLinks
{
    /// <summary>A link made for a case; <see cref="Id"/> is the token's SHA-256 (hex), never the token.</summary>
    public sealed record FeedbackInvitation(
        string Id, Guid CaseId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string CreatedBy)
    {
        public DateTimeOffset? UsedAt { get; init; }
    }

    /// <summary>Settings under <c>ResidentFeedback</c>.</summary>
    public sealed class Options
    {
        public const string Section = "ResidentFeedback";

        /// <summary>How long a link may be used: as long as the SLA's feedback window by default.</summary>
        public TimeSpan ValidFor { get; set; } = TimeSpan.FromDays(3);
    }

    /// <param name="Path">The workbench page the resident opens, relative to the workbench's address.</param>
    public sealed record CreatedLink(string Path, DateTimeOffset ExpiresAt);

    /// <param name="Token">The token from the link.</param>
    public sealed record Lookup(string? Token);

    /// <summary>What the resident reads before answering: no personal data, only the case and its result.</summary>
    public sealed record CaseForResident(
        string TrackingNumber,
        string ItemCode,
        DateTimeOffset? ResolvedAt,
        string? ResolutionSummary,
        DateTimeOffset ExpiresAt,
        IReadOnlyList<CaseCodes.Named> Levels);

    /// <param name="Token">The token from the link.</param>
    public sealed record Answer(string? Token, string? Satisfaction, bool? Resolved, string? Comment = null);

    /// <param name="Reopened">Not satisfied: the case went back to the unit (重办).</param>
    public sealed record Answered(string TrackingNumber, bool Reopened);

    private const string ResidentActor = "resident:link";

    public static IEndpointRouteBuilder MapFeedbackLinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/cases/{id:guid}/feedback-links", CreateAsync)
            .WithName("CreateFeedbackLink")
            .WithTags("Feedback")
            .WithSummary("Make a one-time link for the resident's own feedback (回访) on a resolved case. Feedback "
                + "agents (回访员) over the case's place, and admins. The token is shown once.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapPost("/api/resident-feedback/lookup", LookupAsync)
            .WithName("LookUpResidentFeedback")
            .WithTags("Feedback")
            .WithSummary("What a resident's link is about: the case's tracking number, item and what was done. No "
                + "sign-in: the token is the key. 404 unknown, 410 used or expired, 409 no longer awaiting feedback.")
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        endpoints.MapPost("/api/resident-feedback", AnswerAsync)
            .WithName("AnswerResidentFeedback")
            .WithTags("Feedback")
            .WithSummary("The resident's feedback through a one-time link: satisfaction (satisfied, "
                + "basically-satisfied, dissatisfied) and whether the problem was solved. Once per link.")
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        return endpoints;
    }

    private static async Task<Results<Created<CreatedLink>, ProblemHttpResult>> CreateAsync(
        Guid id,
        HttpContext http,
        IDocumentSession session,
        TimeProvider clock,
        IOptions<Options> options,
        CancellationToken cancellationToken)
    {
        var actor = Actor.From(http.User);
        var found = id == Guid.Empty ? null : await session.LoadAsync<Case>(id, cancellationToken);
        if (found is null || !CaseAccess.CanSee(found, actor))
        {
            return CaseProblems.NotFound(id);
        }

        if (!CaseAccess.IsCallingBack(found, actor))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "回访须由回访员进行 (feedback is recorded by feedback agents, never by the units rated).");
        }

        if (CaseStateMachine.Refusal(found, CaseCommandNames.Feedback) is { } refusal)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: refusal);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var invitation = new FeedbackInvitation(Hash(token), id, now, now + options.Value.ValidFor, actor.ToString());
        session.Insert(invitation);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/cases/{id}/feedback-links", new CreatedLink($"/#/feedback/{token}", invitation.ExpiresAt));
    }

    private static async Task<Results<Ok<CaseForResident>, ProblemHttpResult>> LookupAsync(
        Lookup request, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (invitation, found, problem) = await OpenAsync(request.Token, session, clock, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new CaseForResident(
            found!.TrackingNumber,
            found.ItemCode,
            found.ResolvedAt,
            found.ResolutionSummary,
            invitation!.ExpiresAt,
            CaseCodes.All.SatisfactionLevels));
    }

    private static async Task<Results<Ok<Answered>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Answer request, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (invitation, _, problem) = await OpenAsync(request.Token, session, clock, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var stream = await session.Events.FetchForWriting<Case>(invitation!.CaseId, cancellationToken);
        var current = stream.Aggregate!;
        var resident = new Actor(ResidentActor, "resident", current.Place.Grid);
        var decision = Feedback.Decide(
            new CommandContext(current, resident, now),
            new Feedback.Request(request.Satisfaction, request.Resolved, request.Comment),
            "resident-link");
        if (decision is Decision.Invalid invalid)
        {
            return ProblemResponses.Invalid(invalid.Errors);
        }

        var events = ((Decision.Accept)decision).Events;
        session.LastModifiedBy = ResidentActor;
        stream.AppendMany(events);
        session.Update(invitation with { UsedAt = now });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Refused(StatusCodes.Status409Conflict, "案件刚刚有了变化，请刷新后再评价 (the case changed meanwhile).");
        }

        return TypedResults.Ok(new Answered(current.TrackingNumber, events.OfType<CaseReopened>().Any()));
    }

    /// <summary>The invitation and its case, or why the link cannot be used now.</summary>
    private static async Task<(FeedbackInvitation? Invitation, Case? Case, ProblemHttpResult? Problem)> OpenAsync(
        string? token, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var invitation = string.IsNullOrWhiteSpace(token) || token.Length > 100
            ? null
            : await session.LoadAsync<FeedbackInvitation>(Hash(token.Trim()), cancellationToken);
        if (invitation is null)
        {
            return (null, null, Refused(StatusCodes.Status404NotFound, "链接无效，请核对短信中的链接 (no such link)."));
        }

        if (invitation.UsedAt is not null)
        {
            return (null, null, Refused(StatusCodes.Status410Gone, "您已评价过，感谢您的反馈 (the link was used)."));
        }

        if (invitation.ExpiresAt <= clock.GetUtcNow())
        {
            return (null, null, Refused(StatusCodes.Status410Gone, "链接已过期 (the link has expired)."));
        }

        var found = await session.LoadAsync<Case>(invitation.CaseId, cancellationToken);
        return found is null || CaseStateMachine.Refusal(found, CaseCommandNames.Feedback) is not null
            ? (null, null, Refused(
                StatusCodes.Status409Conflict, "该案件已不在待评价状态 (the case no longer awaits feedback)."))
            : (invitation, found, null);
    }

    private static ProblemHttpResult Refused(int status, string title) =>
        TypedResults.Problem(statusCode: status, title: title);

    private static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
