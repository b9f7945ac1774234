using CallResponse.ServiceDefaults.Data;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// The assessment rules (考核办法): which rates make the composite score of units, with what weights, the
/// smallest sample a unit is scored on, and which dimensions are ranked. A versioned data file
/// (<c>Data/assessment-rules.json</c>, or a district's own: <see cref="ConfigurationKey"/>), read and checked at
/// start-up; rankings and published scores name the version they used. See src/docs/measures.md, "Rankings".
/// </summary>
/// <param name="Version">Named by every ranking and published score, e.g. 2026.1.</param>
/// <param name="Name">The rules' title, shown to readers (荔湾区呼应工作考核办法).</param>
/// <param name="MinimumAssigned">A unit with fewer assigned cases in the period is not scored (样本不足).</param>
/// <param name="Dimensions">What may be ranked: department, street, community.</param>
public sealed record AssessmentRules(
    string Version,
    string Name,
    int MinimumAssigned,
    IReadOnlyList<string> Dimensions,
    IReadOnlyList<ScoreComponent> Components)
{
    /// <summary>The configuration key of the rules file's path (environment: <c>Assessment__RulesFile</c>).</summary>
    public const string ConfigurationKey = "Assessment:RulesFile";

    /// <summary>The most two weights' sum may differ from 1 by: room for 0.333 + 0.333 + 0.334 written out.</summary>
    public const double WeightTolerance = 1e-6;

    /// <summary>The dimensions a file may rank.</summary>
    public static readonly IReadOnlyList<string> RankableDimensions = ["department", "street", "community"];

    /// <summary>The directions a component may state; the rate's own must be the one stated.</summary>
    public static readonly IReadOnlyList<string> Directions =
        [ScoreComponent.HigherIsBetter, ScoreComponent.LowerIsBetter];

    /// <summary>The rates of <c>GET /api/measures</c> a component may name, each with the better direction.</summary>
    public static readonly IReadOnlyDictionary<string, Measure> Measures = new Dictionary<string, Measure>
    {
        ["responseRate"] = new(row => row.ResponseRate, ScoreComponent.HigherIsBetter),
        ["onTimeResponseRate"] = new(row => row.OnTimeResponseRate, ScoreComponent.HigherIsBetter),
        ["closureRate"] = new(row => row.ClosureRate, ScoreComponent.HigherIsBetter),
        ["onTimeClosureRate"] = new(row => row.OnTimeClosureRate, ScoreComponent.HigherIsBetter),
        ["satisfactionRate"] = new(row => row.SatisfactionRate, ScoreComponent.HigherIsBetter),
        ["resolutionRate"] = new(row => row.ResolutionRate, ScoreComponent.HigherIsBetter),
        ["returnRate"] = new(row => row.ReturnRate, ScoreComponent.LowerIsBetter),
        ["escalationRate"] = new(row => row.EscalationRate, ScoreComponent.LowerIsBetter),
        ["supervisionRate"] = new(row => row.SupervisionRate, ScoreComponent.LowerIsBetter),
        ["urgeRate"] = new(row => row.UrgeRate, ScoreComponent.LowerIsBetter),
        ["reopenRate"] = new(row => row.ReopenRate, ScoreComponent.LowerIsBetter),
        // 挂起率: a pause is approved, yet a unit that pauses often leaves residents waiting.
        ["pauseRate"] = new(row => row.PauseRate, ScoreComponent.LowerIsBetter),
    };

    /// <summary>A rate of the measures, and which way is better.</summary>
    public sealed record Measure(Func<GetMeasures.MeasureRow, double?> Rate, string Better);

    /// <summary>Why a unit is not ranked.</summary>
    public static class Unranked
    {
        /// <summary>样本不足: fewer assigned cases than <see cref="MinimumAssigned"/>.</summary>
        public const string InsufficientSample = "insufficient-sample";

        /// <summary>No component had data (a rule set of satisfaction alone, and no feedback yet).</summary>
        public const string NoData = "no-data";
    }

    /// <summary>The rules at <paramref name="path"/>; a bad file stops start-up naming the field and reason.</summary>
    public static AssessmentRules Load(string path)
    {
        var rules = DataFile.Read<AssessmentRules>(path);
        var errors = new DataErrors(path);
        Validate(rules, errors);
        errors.ThrowIfAny();
        return rules;
    }

    /// <summary>The path configured, or the shipped file beside the service.</summary>
    public static string PathIn(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "Data", "assessment-rules.json");

    /// <summary>Every problem of the rules, each under its field (<c>components[1].weight</c>).</summary>
    public static void Validate(AssessmentRules rules, DataErrors errors)
    {
        if (string.IsNullOrWhiteSpace(rules.Version))
        {
            errors.Add("version", "required, not blank: rankings and published scores name it");
        }

        if (string.IsNullOrWhiteSpace(rules.Name))
        {
            errors.Add("name", "required, not blank");
        }

        if (rules.MinimumAssigned < 0)
        {
            errors.Add("minimumAssigned", $"{rules.MinimumAssigned}: a number of cases, 0 or more");
        }

        if (rules.Dimensions.Count == 0)
        {
            errors.Add("dimensions", $"at least one of {string.Join(", ", RankableDimensions)}");
        }

        for (var d = 0; d < rules.Dimensions.Count; d++)
        {
            var dimension = rules.Dimensions[d];
            if (!RankableDimensions.Contains(dimension) || rules.Dimensions.Take(d).Contains(dimension))
            {
                errors.Add(
                    $"dimensions[{d}]",
                    $"'{dimension}' is not one of {string.Join(", ", RankableDimensions)}, or appears twice");
            }
        }

        ValidateComponents(rules.Components, errors);
    }

    private static void ValidateComponents(IReadOnlyList<ScoreComponent> components, DataErrors errors)
    {
        if (components.Count == 0)
        {
            errors.Add("components", "at least one component: the score is made of them");
            return;
        }

        for (var c = 0; c < components.Count; c++)
        {
            var (component, field) = (components[c], $"components[{c}]");
            if (!Measures.TryGetValue(component.Measure, out var measure))
            {
                errors.Add(
                    $"{field}.measure",
                    $"'{component.Measure}' is not one of {string.Join(", ", Measures.Keys)}");
            }
            else if (components.Take(c).Any(earlier => earlier.Measure == component.Measure))
            {
                errors.Add($"{field}.measure", $"'{component.Measure}' appears twice");
            }
            else if (!Directions.Contains(component.Direction))
            {
                errors.Add(
                    $"{field}.direction",
                    $"'{component.Direction}' is not one of {string.Join(", ", Directions)}");
            }
            else if (component.Direction != measure.Better)
            {
                // Stated so a reader of the file sees it, and checked so a rate is never rewarded the wrong way.
                errors.Add($"{field}.direction", $"{component.Measure} is {measure.Better}, not {component.Direction}");
            }

            if (!(component.Weight > 0 && component.Weight <= 1))
            {
                errors.Add($"{field}.weight", $"{component.Weight}: more than 0, at most 1");
            }
        }

        var sum = components.Sum(component => component.Weight);
        if (Math.Abs(sum - 1) > WeightTolerance)
        {
            errors.Add("components", $"the weights sum to {Math.Round(sum, 9)}, not 1");
        }
    }

    /// <summary>
    /// A unit's score, 0-100 (rounded to two decimals): each component's rate, or 1 − rate where lower is better,
    /// times its weight. A rate with no data (no feedback yet) drops out and the others are weighted up in
    /// proportion, to keep the scale. Null, with the reason, for a unit with fewer assigned cases than the
    /// minimum, or with no data at all.
    /// </summary>
    public (double? Score, string? Unranked) Score(GetMeasures.MeasureRow row)
    {
        if (row.Assigned < MinimumAssigned || row.Assigned == 0)
        {
            return (null, Unranked.InsufficientSample);
        }

        var parts = Components
            .Select(component => (Rate: Measures[component.Measure].Rate(row), component.Direction, component.Weight))
            .Where(part => part.Rate is not null)
            .Select(part => (
                Value: part.Direction == ScoreComponent.LowerIsBetter ? 1 - part.Rate!.Value : part.Rate!.Value,
                part.Weight))
            .ToList();
        return parts.Count == 0
            ? (null, Unranked.NoData)
            : (Math.Round(100 * parts.Sum(part => part.Value * part.Weight) / parts.Sum(part => part.Weight), 2), null);
    }

    /// <summary>The rates a unit is scored on, by measure name, as the components name them.</summary>
    public IReadOnlyDictionary<string, double?> Rates(GetMeasures.MeasureRow row) =>
        Components.ToDictionary(component => component.Measure, component => Measures[component.Measure].Rate(row));
}

/// <summary>One part of the composite score.</summary>
/// <param name="Measure">A rate of <c>GET /api/measures</c>, e.g. onTimeResponseRate.</param>
/// <param name="Direction">
/// higher-is-better (the rate counts as it is) or lower-is-better (1 − rate: 退单率, 上报率, 重办率).
/// </param>
/// <param name="Weight">More than 0; the components' weights sum to 1.</param>
public sealed record ScoreComponent(string Measure, string Direction, double Weight)
{
    public const string HigherIsBetter = "higher-is-better";
    public const string LowerIsBetter = "lower-is-better";
}
