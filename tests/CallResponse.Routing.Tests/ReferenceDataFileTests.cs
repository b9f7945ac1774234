using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;

namespace CallResponse.Routing.Tests;

/// <summary>A bad data file fails loading with the file, the field and the reason.</summary>
public sealed class ReferenceDataFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("callresponse-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("\"leadDepartment\": \"CG\"", "\"leadDepartment\": \"XX\"", "categories[0].items[0].leadDepartment: unknown department 'XX'")]
    [InlineData("\"responseTarget\": \"PT4H\"", "\"responseTarget\": \"four hours\"", "categories[0].items[0].responseTarget: 'four hours' is not an ISO 8601 duration")]
    [InlineData("\"urgency\": \"ordinary\"", "\"urgency\": \"soon\"", "categories[0].items[0].urgency: 'soon' is not one of urgent, ordinary")]
    [InlineData("\"clock\": \"working\"", "\"clock\": \"lunar\"", "categories[0].items[0].clock: 'lunar' is not one of")]
    [InlineData("\"code\": \"CITY-02\"", "\"code\": \"CITY-01\"", "categories[0].items[1].code: 'CITY-01' appears twice")]
    [InlineData("\"handledAt\": \"department\",\n          \"communityForbidden\": true", "\"handledAt\": \"community\",\n          \"communityForbidden\": true", "categories[0].items[1].handledAt: the item is on the community negative list")]
    [InlineData("\"version\": \"2026.1\",", "", "version")]
    [InlineData("\"responseTarget\": \"PT4H\"", "\"responseTarget\": \"PT4H\", \"returnWithin\": \"soon\"", "categories[0].items[0].returnWithin: 'soon' is not an ISO 8601 duration")]
    [InlineData("\"handledAt\": \"community\",\n          \"communityForbidden\": false\n", "\"handledAt\": \"community\",\n          \"communityForbidden\": false,\n          \"escalateOnBreach\": true\n", "categories[0].items[0].escalateOnBreach: only an urgent item may escalate on a breach")]
    public void A_bad_catalogue_names_the_field_and_the_reason(string original, string replacement, string expected)
    {
        var path = Rewrite("catalogue.json", original, replacement);

        var error = Assert.Throws<InvalidDataException>(() => CatalogueFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_catalogue_that_is_not_json_names_the_line()
    {
        var path = Rewrite("catalogue.json", "\"departments\": [", "\"departments\": [[");

        var error = Assert.Throws<InvalidDataException>(() => CatalogueFile.Load(path));

        Assert.Contains($"{path}: line 3", error.Message);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void A_catalogue_whose_escalation_flag_is_not_a_boolean_names_the_line_and_the_field(string value)
    {
        var path = Rewrite("catalogue.json", "\"escalateOnBreach\": true", $"\"escalateOnBreach\": {value}");

        var error = Assert.Throws<InvalidDataException>(() => CatalogueFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("escalateOnBreach", error.Message);
    }

    [Fact]
    public void Only_the_urgent_safety_items_escalate_on_a_breach() =>
        Assert.Equal(
            ["ENERGY-01", "FIRE-01", "HOUSE-01", "SAFE-01"],
            Shipped.Catalogue.Categories.SelectMany(category => category.Items)
                .Where(item => item.EscalateOnBreach)
                .Select(item => item.Code)
                .Order());

    [Theory]
    [InlineData("\"level\": \"district\"", "\"level\": \"city\"", "level: the root must be a district")]
    [InlineData("\"code\": \"LW-LN-01-G01\", \"name\": \"岭南社区第1网格\", \"level\": \"grid\"", "\"code\": \"LW-LN-01-G01\", \"name\": \"岭南社区第1网格\", \"level\": \"street\"", "a community may only contain grids, not 'street'")]
    [InlineData("\"code\": \"LW-LN-01-G01\"", "\"code\": \"LW-HL-01-G01\"", "'LW-HL-01-G01' appears twice")]
    public void A_bad_area_tree_names_the_field_and_the_reason(string original, string replacement, string expected)
    {
        var path = Rewrite("areas.json", original, replacement);

        var error = Assert.Throws<InvalidDataException>(() => AreaFile.Load(path));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_shipped_files_load()
    {
        Assert.Equal(12, Shipped.Catalogue.Categories.Count);
        Assert.Equal(42, Shipped.Catalogue.Categories.Sum(category => category.Items.Count));
        Assert.Equal(22, Shipped.Areas.Root.Children.Count);
        Assert.Equal(188, Shipped.Areas.Root.Children.Sum(street => street.Children.Count));
        Assert.NotEmpty(Shipped.Rules.Rules);
    }

    private string Rewrite(string file, string original, string replacement)
    {
        var text = File.ReadAllText(Tests.Shipped.File(file));
        Assert.Contains(original, text);
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, text.Replace(original, replacement, StringComparison.Ordinal));
        return path;
    }
}
