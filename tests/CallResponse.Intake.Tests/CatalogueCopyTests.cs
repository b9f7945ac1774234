using System.Text.Json;
using CallResponse.Intake.Catalogue;

namespace CallResponse.Intake.Tests;

public sealed class CatalogueCopyTests
{
    [Fact]
    public void The_stored_copy_reads_back_as_the_codes_it_was()
    {
        var codes = new CatalogueCodes(
            "2026.1",
            new HashSet<string>(StringComparer.Ordinal) { "CITY-01", "WATER-01" },
            new Dictionary<string, GridPlace>(StringComparer.Ordinal) { ["LW-HL-01-G01"] = new("LW-HL-01", "LW-HL", "LW") });

        // As ReferenceCopyRefresher stores and loads it.
        var loaded = JsonSerializer.Deserialize<CatalogueCodes>(JsonSerializer.Serialize(codes))!;

        Assert.Equal(codes.Version, loaded.Version);
        Assert.True(loaded.ItemCodes.SetEquals(codes.ItemCodes));
        Assert.Equal(codes.Grids["LW-HL-01-G01"], loaded.Grids["LW-HL-01-G01"]);
        Assert.DoesNotContain("city-01", loaded.ItemCodes);
    }
}
