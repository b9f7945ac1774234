using CallResponse.Cases.Commands;

namespace CallResponse.Cases.Reading;

/// <summary>
/// <c>GET /api/cases/codes</c>: the coded answers the case commands take, with their Chinese names, so that clients
/// label them from the one list each command checks against rather than copies: return reasons (退单理由), the
/// levels of satisfaction (满意度), appeal grounds (核减事由) and pause reasons (挂起事由). Public, like the catalogue.
/// </summary>
public static class CaseCodes
{
    /// <summary>A code and its Chinese name.</summary>
    public sealed record Named(string Code, string Name);

    public sealed record Codes(
        IReadOnlyList<Named> ReturnReasons,
        IReadOnlyList<Named> SatisfactionLevels,
        IReadOnlyList<Named> AppealGrounds,
        IReadOnlyList<Named> PauseReasons);

    public static readonly Codes All = new(
        Of(Return.Reasons), Of(Feedback.Levels), Of(Appeal.Grounds), Of(RequestPause.Reasons));

    public static IEndpointRouteBuilder MapCaseCodes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/codes", () => TypedResults.Ok(All))
            .WithName("GetCaseCodes")
            .WithTags("Case lifecycle")
            .WithSummary("The coded answers of the case commands, with their Chinese names: return reasons (退单理由), "
                + "levels of satisfaction (满意度), appeal grounds (核减事由), pause reasons (挂起事由).")
            .AllowAnonymous();
        return endpoints;
    }

    public static IReadOnlyList<Named> Of(IReadOnlyDictionary<string, string> names) =>
        [.. names.Select(entry => new Named(entry.Key, entry.Value))];
}
