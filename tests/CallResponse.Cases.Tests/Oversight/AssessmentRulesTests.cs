using CallResponse.Cases.Oversight;
using CallResponse.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;

namespace CallResponse.Cases.Tests.Oversight;

/// <summary>
/// The assessment rules (考核办法) as a data file: the shipped one loads, a bad one fails naming the field, and the
/// score is made as src/docs/measures.md ("Rankings") says.
/// </summary>
public sealed class AssessmentRulesTests : IDisposable
{
    private static readonly string ShippedPath = Path.Combine(AppContext.BaseDirectory, "Data", "assessment-rules.json");
    private readonly string folder = Directory.CreateTempSubdirectory("callresponse-rules-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_shipped_rules_load_and_weigh_on_time_response_and_closure_then_satisfaction()
    {
        var rules = AssessmentRules.Load(ShippedPath);

        Assert.Equal("2026.1", rules.Version);
        Assert.Equal(["department", "street", "community"], rules.Dimensions);
        Assert.Equal(
            [("onTimeResponseRate", 0.4), ("onTimeClosureRate", 0.4), ("satisfactionRate", 0.2)],
            rules.Components.Select(component => (component.Measure, component.Weight)));
        Assert.Equal(5, rules.MinimumAssigned);
    }

    [Fact]
    public void The_path_is_configured_or_the_shipped_file()
    {
        var configured = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AssessmentRules.ConfigurationKey] = "/etc/lw.json" })
            .Build();

        Assert.Equal("/etc/lw.json", AssessmentRules.PathIn(configured));
        Assert.Equal(ShippedPath, AssessmentRules.PathIn(new ConfigurationBuilder().Build()));
    }

    [Theory]
    [InlineData("\"weight\": 0.2", "\"weight\": 0.3", "components: the weights sum to 1.1")]
    [InlineData("\"weight\": 0.2", "\"weight\": -0.2", "components[2].weight: -0.2: more than 0, at most 1")]
    [InlineData("\"weight\": 0.2", "\"weight\": 0", "components[2].weight: 0: more than 0")]
    [InlineData("\"measure\": \"satisfactionRate\"", "\"measure\": \"happiness\"", "components[2].measure: 'happiness' is not one of")]
    [InlineData("\"measure\": \"satisfactionRate\"", "\"measure\": \"onTimeClosureRate\"", "components[2].measure: 'onTimeClosureRate' appears twice")]
    [InlineData("\"measure\": \"satisfactionRate\", \"direction\": \"higher-is-better\"", "\"measure\": \"returnRate\", \"direction\": \"higher-is-better\"", "components[2].direction: returnRate is lower-is-better, not higher-is-better")]
    [InlineData("\"measure\": \"satisfactionRate\", \"direction\": \"higher-is-better\"", "\"measure\": \"satisfactionRate\", \"direction\": \"up\"", "components[2].direction: 'up' is not one of")]
    [InlineData("\"minimumAssigned\": 5", "\"minimumAssigned\": -1", "minimumAssigned: -1: a number of cases, 0 or more")]
    [InlineData("\"version\": \"2026.1\"", "\"version\": \" \"", "version: required, not blank")]
    [InlineData("\"version\": \"2026.1\",", "", "'version'")]
    [InlineData("\"dimensions\": [\"department\", \"street\", \"community\"]", "\"dimensions\": [\"department\", \"planet\"]", "dimensions[1]: 'planet' is not one of")]
    [InlineData("\"dimensions\": [\"department\", \"street\", \"community\"]", "\"dimensions\": [\"street\", \"street\"]", "dimensions[1]: 'street' is not one of department, street, community, or appears twice")]
    [InlineData("\"dimensions\": [\"department\", \"street\", \"community\"]", "\"dimensions\": []", "dimensions: at least one of")]
    public void A_bad_rules_file_fails_naming_the_field_and_the_reason(string original, string replacement, string expected)
    {
        var path = Rewrite(original, replacement);

        var error = Assert.Throws<InvalidDataException>(() => AssessmentRules.Load(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_that_sum_to_one_when_written_out_pass()
    {
        var errors = new DataErrors("rules");

        AssessmentRules.Validate(Rules(0, ("onTimeResponseRate", 0.333), ("onTimeClosureRate", 0.333), ("satisfactionRate", 0.334)), errors);

        Assert.False(errors.Any);
    }

    [Fact]
    public void Every_problem_is_reported_together()
    {
        var path = Rewrite("\"minimumAssigned\": 5", "\"minimumAssigned\": -5");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"weight\": 0.2", "\"weight\": 2", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => AssessmentRules.Load(path));

        Assert.Equal(3, error.Message.Split(Environment.NewLine).Length); // the minimum, the weight, the sum
    }

    [Fact]
    public void A_file_that_is_not_json_names_the_line() =>
        Assert.Contains(": line ", Assert.Throws<InvalidDataException>(() => AssessmentRules.Load(Rewrite("\"components\": [", "\"components\": [["))).Message);

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 100.0)]
    [InlineData(0.5, 0.75, 1.0, 70.0)]   // 40×0.5 + 40×0.75 + 20×1
    [InlineData(0.5, 0.5, null, 50.0)]   // no feedback yet: the other two carry the weight
    public void The_score_weighs_the_rates_by_the_rules(double? response, double? closure, double? satisfaction, double score) =>
        Assert.Equal((score, null), AssessmentRules.Load(ShippedPath).Score(Row(10, response, closure, satisfaction)));

    [Fact]
    public void A_rate_where_lower_is_better_counts_as_one_less_the_rate()
    {
        var rules = Rules(0, ("onTimeResponseRate", 0.5), ("returnRate", 0.5));

        // 50 × 0.8 + 50 × (1 − 0.25)
        Assert.Equal(77.5, rules.Score(Row(4, 0.8, null, null, returnRate: 0.25)).Score);
    }

    [Fact]
    public void A_unit_below_the_minimum_sample_or_with_no_case_is_not_scored()
    {
        var rules = AssessmentRules.Load(ShippedPath);

        Assert.Equal((null, AssessmentRules.Unranked.InsufficientSample), rules.Score(Row(4, 1, 1, 1)));
        Assert.Equal((100.0, null), rules.Score(Row(5, 1, 1, 1)));
        Assert.Equal((null, AssessmentRules.Unranked.InsufficientSample), Rules(0, ("onTimeResponseRate", 1)).Score(Row(0, null, null, null)));
    }

    [Fact]
    public void A_unit_with_no_data_for_any_component_is_not_scored() =>
        Assert.Equal((null, AssessmentRules.Unranked.NoData), Rules(0, ("satisfactionRate", 1)).Score(Row(3, 1, 1, null)));

    [Fact]
    public void A_ranking_ranks_the_scored_and_lists_the_rest_apart()
    {
        var rows = new[] { Row(10, 0.5, 0.5, 0.5, unit: "ZJ"), Row(2, 1, 1, 1, unit: "CG"), Row(10, 1, 1, 1, unit: "SW"), Row(10, 0.5, 0.5, 0.5, unit: "GA") };

        var ranking = Rankings.Rank(AssessmentRules.Load(ShippedPath), "department", new(new(2026, 10, 1), new(2026, 12, 31)), rows);

        Assert.Equal([(1, "SW"), (2, "GA"), (3, "ZJ")], ranking.Units.Select(unit => (unit.Rank!.Value, unit.Unit)));
        Assert.Equal("CG", Assert.Single(ranking.Unranked).Unit);
        Assert.Equal(AssessmentRules.Unranked.InsufficientSample, ranking.Unranked[0].Unranked);
        Assert.Equal("2026.1", ranking.RulesVersion);
        Assert.Equal(0.5, ranking.Units[1].Rates["onTimeClosureRate"]);
    }

    [Fact]
    public void A_quarter_published_before_the_rules_were_data_reads_as_its_departments_ranking()
    {
        // As Marten stored a version before: one ranking, fixed rate fields, no rules.
        const string Stored = """
            {"Id":"2026Q3:v1","Quarter":"2026Q3","Version":1,"PublishedAt":"2026-10-08T02:00:00+00:00","PublishedBy":"admin:LW:admin",
             "Ranking":{"By":"department","From":"2026-07-01","To":"2026-09-30",
               "Units":[{"Rank":1,"Unit":"SW","Score":90.0,"Assigned":12,"OnTimeResponseRate":0.9,"OnTimeClosureRate":0.9,"SatisfactionRate":0.9}]}}
            """;

        var answered = System.Text.Json.JsonSerializer.Deserialize<QuarterlyScores.PublishedScores>(Stored)!.Answered();

        var ranking = Assert.Single(answered.Rankings);
        Assert.Null(answered.Ranking);
        Assert.Null(answered.RulesVersion);
        Assert.Equal(("department", "SW", 90.0), (ranking.By, ranking.Units[0].Unit, ranking.Units[0].Score!.Value));
        Assert.Empty(ranking.Components);
        Assert.Empty(ranking.Unranked);
        Assert.Empty(ranking.Units[0].Rates);
    }

    private static AssessmentRules Rules(int minimum, params (string Measure, double Weight)[] components) => new(
        "test",
        "测试考核办法",
        minimum,
        ["department"],
        components.Select(component => new ScoreComponent(
            component.Measure,
            AssessmentRules.Measures[component.Measure].Better,
            component.Weight)).ToList());

    private static GetMeasures.MeasureRow Row(
        long assigned,
        double? onTimeResponse,
        double? onTimeClosure,
        double? satisfaction,
        double? returnRate = null,
        string unit = "SW") =>
        new(unit, new DateOnly(2026, 10, 1), assigned, assigned, null, onTimeResponse, null, onTimeClosure, satisfaction, null, returnRate, null, null, null, null, null, null, null, null, 0, 0, 0, 0, 0, null);

    private string Rewrite(string original, string replacement)
    {
        var text = File.ReadAllText(ShippedPath);
        Assert.Contains(original, text, StringComparison.Ordinal);
        var path = Path.Combine(folder, "assessment-rules.json");
        File.WriteAllText(path, text.Replace(original, replacement, StringComparison.Ordinal));
        return path;
    }
}
