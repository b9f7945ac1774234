using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using CallResponse.ServiceDefaults;
using Ranking = CallResponse.Cases.Oversight.Rankings.Ranking;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// Quarterly scores (季度考评): for a quarter, the rankings of every dimension the assessment rules rank
/// (departments, streets, communities), published by an admin and then frozen with the rules they were made by.
/// Publishing the same quarter again makes a new version; earlier versions stay as they were.
/// </summary>
public static partial class QuarterlyScores
{
    /// <summary>A published, frozen version of a quarter's scores.</summary>
    /// <param name="RulesVersion">The version of the assessment rules used; null before the rules were data.</param>
    /// <param name="Rules">Those rules, as they were: components, weights, minimum sample.</param>
    /// <param name="Rankings">One ranking per dimension of the rules, in the rules' order.</param>
    public sealed record PublishedScores(
        string Id,
        string Quarter,
        int Version,
        DateTimeOffset PublishedAt,
        string PublishedBy,
        string? RulesVersion,
        AssessmentRules? Rules,
        IReadOnlyList<Ranking> Rankings)
    {
        /// <summary>
        /// How versions published before the rules were data stored their one ranking (departments): read, and
        /// answered as <see cref="Rankings"/>; never written.
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Ranking? Ranking { get; init; }

        /// <summary>
        /// A stored version as it is answered: an old one's ranking in <see cref="Rankings"/>, with what it did not
        /// store (the components, the units' rates: it had fixed fields that are no longer read) empty, not null.
        /// </summary>
        public PublishedScores Answered() => Ranking is null
            ? this
            : this with
            {
                Rankings =
                [
                    Ranking with
                    {
                        Components = Ranking.Components ?? [],
                        Units = [.. Ranking.Units.Select(unit => unit with { Rates = unit.Rates ?? Empty })],
                        Unranked = Ranking.Unranked ?? [],
                    },
                ],
                Ranking = null,
            };

        private static readonly IReadOnlyDictionary<string, double?> Empty = new Dictionary<string, double?>();
    }

    public static IEndpointRouteBuilder MapQuarterlyScores(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/scores/{quarter}", PublishAsync)
            .WithName("PublishQuarterlyScores")
            .WithTags("Oversight")
            .WithSummary("Publish (freeze) the scores of a quarter such as 2026Q3: one ranking per dimension of the "
                + "assessment rules (department, street, community), with the rules used; again makes a new "
                + "version. Admins.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .ProducesValidationProblem();
        endpoints.MapGet("/api/scores/{quarter}", LatestAsync)
            .WithName("GetQuarterlyScores")
            .WithTags("Oversight")
            .WithSummary("The latest published scores of a quarter: every dimension's ranking and the rules version "
                + "used; format=csv for a UTF-8 CSV that Excel opens (a line per unit, with its dimension).")
            .RequireAuthorization();
        endpoints.MapGet("/api/scores/{quarter}/versions/{version:int}", VersionAsync)
            .WithName("GetQuarterlyScoresVersion")
            .WithTags("Oversight")
            .WithSummary("One published version of a quarter's scores; format=csv for a UTF-8 CSV that Excel opens.")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Created<PublishedScores>, ValidationProblem>> PublishAsync(
        string quarter,
        HttpContext context,
        IDocumentSession session,
        NpgsqlDataSource database,
        AssessmentRules rules,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Days(quarter) is not { } days || days.From > ChinaTime.DayOf(clock.GetUtcNow()).AddDays(92))
        {
            return ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                ["quarter"] = ["A quarter such as 2026Q3, not further ahead than the next one."],
            });
        }

        var latest = await LatestVersionAsync(session, quarter, cancellationToken);
        var rankings = new List<Ranking>();
        foreach (var by in rules.Dimensions)
        {
            rankings.Add(await Rankings.RankAsync(database, rules, by, days, street: null, cancellationToken));
        }

        var version = (latest?.Version ?? 0) + 1;
        var published = new PublishedScores(
            $"{quarter}:v{version}",
            quarter,
            version,
            clock.GetUtcNow(),
            Actor.From(context.User).ToString(),
            rules.Version,
            rules,
            rankings);
        session.Insert(published); // a second publisher racing for the same version fails here: versions never change
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/scores/{quarter}/versions/{version}", published);
    }

    private static async Task<Results<Ok<PublishedScores>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>>
        LatestAsync(
            string quarter,
            IQuerySession session,
            CancellationToken cancellationToken,
            string? format = null) =>
        Answer(quarter, await LatestVersionAsync(session, quarter, cancellationToken), format);

    private static async Task<Results<Ok<PublishedScores>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>>
        VersionAsync(
            string quarter,
            int version,
            IQuerySession session,
            CancellationToken cancellationToken,
            string? format = null) =>
        Answer(quarter, await session.LoadAsync<PublishedScores>($"{quarter}:v{version}", cancellationToken), format);

    private static Results<Ok<PublishedScores>, FileContentHttpResult, ValidationProblem, ProblemHttpResult> Answer(
        string quarter,
        PublishedScores? scores,
        string? format)
    {
        var errors = new Dictionary<string, string[]>();
        CsvExport.Check(format, errors);
        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        if (scores is null)
        {
            return NotPublished(quarter);
        }

        scores = scores.Answered();
        return format == CsvExport.Format
            ? Rankings.Csv(scores.Rankings, $"scores-{quarter}-v{scores.Version}.csv")
            : TypedResults.Ok(scores);
    }

    private static Task<PublishedScores?> LatestVersionAsync(
        IQuerySession session,
        string quarter,
        CancellationToken cancellationToken) =>
        session.Query<PublishedScores>()
            .Where(scores => scores.Quarter == quarter)
            .OrderByDescending(scores => scores.Version)
            .FirstOrDefaultAsync(cancellationToken);

    private static ProblemHttpResult NotPublished(string quarter) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not published.",
            detail: $"No scores were published for {quarter} (or that version).");

    /// <summary>The quarter's days, China Standard Time: 2026Q3 is 2026-07-01 to 2026-09-30.</summary>
    public static GetMeasures.Days? Days(string quarter)
    {
        var match = QuarterPattern().Match(quarter);
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var from = new DateOnly(year, ((match.Groups[2].Value[0] - '1') * 3) + 1, 1);
        return new GetMeasures.Days(from, from.AddMonths(3).AddDays(-1));
    }

    [GeneratedRegex(@"^(20\d\d)Q([1-4])$")]
    private static partial Regex QuarterPattern();
}
