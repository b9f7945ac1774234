using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallResponse.Intake.Catalogue;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.ReferenceCopies;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CallResponse.Intake.Calls.LoggingCalls;

/// <summary>
/// <c>POST /api/calls</c>: a grid worker logs a resident's call (呼). The call is committed to the
/// event store and answered 201; the outbox then publishes it to the cases service. The
/// <c>Idempotency-Key</c> header is required (428 without it): a retry with the same key and body
/// gets the first answer and logs nothing twice; the same key with another body is refused (422).
/// </summary>
public static partial class LogCall
{
    public const int DescriptionMaxLength = 2000;
    public const int NameMaxLength = 50;
    public const int AddressMaxLength = 200;
    public const int IdempotencyKeyMaxLength = 100;
    public static readonly IReadOnlySet<string> Channels =
        new HashSet<string> { "walk-in", "phone", "chat-group", "patrol" };

    /// <summary>What a grid worker sends.</summary>
    /// <param name="ItemCode">Response item code from <c>GET /api/catalogue</c>, e.g. <c>CITY-01</c>.</param>
    /// <param name="GridCode">Grid code from <c>GET /api/areas</c>, e.g. <c>LW-HL-01-G01</c>.</param>
    /// <param name="Description">What the resident reported (at most 2,000 characters).</param>
    /// <param name="Channel">walk-in, phone, chat-group or patrol.</param>
    /// <param name="ReportedAt">When the resident raised it; defaults to now. Not in the future.</param>
    /// <param name="Resident">The resident's contact, optional; personal data, shown masked.</param>
    public sealed record LogCallRequest(
        string? ItemCode,
        string? GridCode,
        string? Description,
        string? Channel,
        DateTimeOffset? ReportedAt,
        ResidentRequest? Resident);

    /// <summary>A resident's contact: every field optional, each kept to the minimum.</summary>
    public sealed record ResidentRequest(string? Name, string? Phone, string? Address);

    /// <summary>The answer: the case id (the same as the call's) and the tracking number.</summary>
    public sealed record LogCallResponse(Guid CaseId, string TrackingNumber, DateTimeOffset LoggedAt, string CaseUrl);

    public static IEndpointRouteBuilder MapLogCall(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/calls", Handle)
            .WithName("LogCall")
            .WithTags("Calls")
            .WithSummary("Log a resident's call (呼). Answers once the call is stored; routing follows within seconds. "
                + "Grid workers, dispatchers, supervisors, for the grids of their unit.")
            .RequireAuthorization(policy => policy.RequireRole(
                Roles.GridWorker,
                Roles.CommunityDispatcher,
                Roles.StreetDispatcher,
                Roles.Supervisor,
                Roles.Admin))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <param name="request">The call.</param>
    /// <param name="idempotencyKey">
    /// Required: a key the client makes for this call (1 to 100 printable ASCII characters, e.g. a UUID) and
    /// sends again, unchanged, with every retry of it. A retry with the same body answers the first answer with
    /// <c>Idempotent-Replayed: true</c>; the same key with another body answers 422.
    /// </param>
    private static async Task<Results<Created<LogCallResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        LogCallRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext context,
        ReferenceCopy<CatalogueCodes> catalogue,
        IDocumentSession session,
        TrackingNumbers trackingNumbers,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "Idempotency-Key is required.",
                detail: "每条呼声须带一个请求编号（Idempotency-Key），重试时沿用同一编号，以免重复登记 "
                    + "(send a key of your own making with each call, and the same key with every retry of it, "
                    + "so that a retry never logs the call twice). Nothing was stored.");
        }

        if (catalogue.Current is not { } codes)
        {
            // Only before intake's first copy ever (first start while routing is down); later, the last one serves.
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The catalogue is not available yet.",
                detail: "受理服务尚未取得呼应事项目录，请稍后重试 (intake has not had routing's catalogue yet, so it cannot "
                    + "check the item and grid codes). Nothing was stored; try again in a few seconds.");
        }

        var now = clock.GetUtcNow();
        var errors = Validate(request, idempotencyKey, codes, now);
        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var grid = codes.Grids[request.GridCode!];
        var place = new Place(request.GridCode!, grid.CommunityCode, grid.StreetCode, grid.DistrictCode);
        var actor = Actor.From(context.User);
        if (!place.IsCoveredBy(actor))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The grid is outside your area.",
                detail: $"A {actor.Role} of {actor.Unit} logs calls "
                    + $"for the grids of {actor.Unit} only. Nothing was stored.");
        }

        // The key is scoped to the caller, so two workers' keys never meet.
        var callId = DeterministicGuid.Create("call", $"{actor.UserId}\n{idempotencyKey}");
        var trackingNumber = await trackingNumbers.NextAsync(now, cancellationToken);
        var resident = Contact(callId, request.Resident);
        var logged = new CallRegistered(
            callId,
            trackingNumber,
            request.ItemCode!,
            request.GridCode!,
            request.Description!.Trim(),
            request.Channel!,
            request.ReportedAt ?? now,
            now,
            LoggedBy: actor.ToString(),
            HasResidentContact: resident is not null,
            place.Community,
            place.Street,
            place.District,
            RequestHash(request));

        session.Events.StartStream<Call>(callId, logged);
        if (resident is not null)
        {
            session.Store(resident);
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            return await ReplayAsync(logged, resident, context, session, cancellationToken);
        }

        return Created(logged);
    }

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// The same key again: the first answer if it was the same call, else 422. The call's event holds a
    /// hash of what it was logged with, the contact aside (personal data stays in its own document, which
    /// an erasure deletes), so the contact is compared with that document.
    /// </summary>
    private static async Task<Results<Created<LogCallResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        CallRegistered attempted,
        ResidentContact? resident,
        HttpContext context,
        IQuerySession session,
        CancellationToken cancellationToken)
    {
        var first = await session.Events.AggregateStreamAsync<Call>(attempted.CallId, token: cancellationToken);
        var firstContact = await session.LoadAsync<ResidentContact>(attempted.CallId, cancellationToken);
        if (first is null || first.Registered.RequestHash != attempted.RequestHash || firstContact != resident)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was already used for a different call.",
                detail: "这个请求编号已用于另一条不同的呼声；新的呼声请用新的编号 (this key was used for a different call; "
                    + "use a new key for a new call). Nothing was changed.");
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        return Created(first.Registered);
    }

    /// <summary>The contact to store, trimmed, or null when the request names none.</summary>
    private static ResidentContact? Contact(Guid callId, ResidentRequest? resident) =>
        resident is { } r && (r.Name ?? r.Phone ?? r.Address) is not null
            ? new ResidentContact(callId, r.Name?.Trim(), r.Phone?.Trim(), r.Address?.Trim())
            : null;

    /// <summary>
    /// SHA-256 of the request as it is stored (trimmed description, the report time in UTC as sent), the
    /// resident's contact left out: what a retry must repeat to be the same call.
    /// </summary>
    internal static string RequestHash(LogCallRequest request)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            request.ItemCode,
            request.GridCode,
            request.Description?.Trim(),
            request.Channel,
            request.ReportedAt?.ToUniversalTime(),
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static Created<LogCallResponse> Created(CallRegistered logged) =>
        TypedResults.Created(
            $"/api/calls/{logged.CallId}",
            new LogCallResponse(logged.CallId, logged.TrackingNumber, logged.LoggedAt, $"/api/cases/{logged.CallId}"));

    internal static Dictionary<string, string[]> Validate(
        LogCallRequest request,
        string idempotencyKey,
        CatalogueCodes codes,
        DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string reason) => errors[field] = [reason];

        if (string.IsNullOrWhiteSpace(request.ItemCode))
        {
            Fail("itemCode", "请选择呼应事项 (the response item is required).");
        }
        else if (!codes.ItemCodes.Contains(request.ItemCode))
        {
            Fail(
                "itemCode",
                $"'{request.ItemCode}' is not an item of catalogue {codes.Version}: see GET /api/catalogue.");
        }

        if (string.IsNullOrWhiteSpace(request.GridCode))
        {
            Fail("gridCode", "请选择网格 (the grid is required).");
        }
        else if (!codes.Grids.ContainsKey(request.GridCode))
        {
            Fail("gridCode", $"'{request.GridCode}' is not a grid of the area tree: see GET /api/areas.");
        }

        if (string.IsNullOrWhiteSpace(request.Description))
        {
            Fail("description", "请描述居民反映的问题 (the description is required).");
        }
        else if (request.Description.Length > DescriptionMaxLength)
        {
            Fail(
                "description",
                $"At most {DescriptionMaxLength} characters; this one has {request.Description.Length}.");
        }

        if (string.IsNullOrWhiteSpace(request.Channel) || !Channels.Contains(request.Channel))
        {
            Fail("channel", $"One of: {string.Join(", ", Channels)}.");
        }

        if (request.ReportedAt is { } reportedAt && reportedAt > now.AddMinutes(5))
        {
            Fail("reportedAt", "A call cannot be reported in the future.");
        }

        if (request.Resident is { } resident)
        {
            if (resident.Name?.Length > NameMaxLength)
            {
                Fail("resident.name", $"At most {NameMaxLength} characters.");
            }

            if (resident.Phone is { } phone && !PhonePattern().IsMatch(phone))
            {
                Fail("resident.phone", "A phone number of 5 to 20 digits, optionally with +, spaces or dashes.");
            }

            if (resident.Address?.Length > AddressMaxLength)
            {
                Fail("resident.address", $"At most {AddressMaxLength} characters.");
            }
        }

        if (idempotencyKey.Length is 0 or > IdempotencyKeyMaxLength
            || !idempotencyKey.All(c => c is >= ' ' and <= '~')
            || string.IsNullOrWhiteSpace(idempotencyKey))
        {
            Fail(
                IdempotencyKeyHeader,
                $"请求编号须为 1 到 {IdempotencyKeyMaxLength} 个可打印的 ASCII 字符 (1 to {IdempotencyKeyMaxLength} "
                    + "printable ASCII characters, e.g. a UUID).");
        }

        return errors;
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{3,22}[0-9]$")]
    private static partial Regex PhonePattern();
}
