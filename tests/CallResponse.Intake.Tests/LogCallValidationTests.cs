using CallResponse.Intake.Calls.LoggingCalls;
using CallResponse.Intake.Catalogue;
using static CallResponse.Intake.Calls.LoggingCalls.LogCall;

namespace CallResponse.Intake.Tests;

public sealed class LogCallValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly CatalogueCodes Codes = new("2026.1", new HashSet<string> { "CITY-01" }, new Dictionary<string, GridPlace> { ["LW-HL-01-G01"] = new("LW-HL-01", "LW-HL", "LW") });
    private static readonly LogCallRequest Valid = new("CITY-01", "LW-HL-01-G01", "垃圾堆积", "walk-in", Now.AddHours(-1), new ResidentRequest("张三", "138-1234-5678", null));

    [Fact]
    public void A_complete_call_has_no_errors() => Assert.Empty(LogCall.Validate(Valid, "", Codes, Now));

    public static TheoryData<LogCallRequest, string> Invalid => new()
    {
        { Valid with { ItemCode = null }, "itemCode" },
        { Valid with { ItemCode = "CITY-99" }, "itemCode" },
        { Valid with { GridCode = " " }, "gridCode" },
        { Valid with { GridCode = "LW-HL-01" }, "gridCode" },
        { Valid with { Description = "" }, "description" },
        { Valid with { Description = new string('x', DescriptionMaxLength + 1) }, "description" },
        { Valid with { Channel = "fax" }, "channel" },
        { Valid with { Channel = null }, "channel" },
        { Valid with { ReportedAt = Now.AddMinutes(6) }, "reportedAt" },
        { Valid with { Resident = new ResidentRequest(new string('名', NameMaxLength + 1), null, null) }, "resident.name" },
        { Valid with { Resident = new ResidentRequest(null, "12", null) }, "resident.phone" },
        { Valid with { Resident = new ResidentRequest(null, "phone me", null) }, "resident.phone" },
        { Valid with { Resident = new ResidentRequest(null, null, new string('址', AddressMaxLength + 1)) }, "resident.address" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_call_names_exactly_the_field_at_fault(LogCallRequest request, string field)
    {
        var errors = LogCall.Validate(request, "", Codes, Now);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_report_a_few_minutes_ahead_is_clock_skew_not_an_error() =>
        Assert.Empty(LogCall.Validate(Valid with { ReportedAt = Now.AddMinutes(4) }, "", Codes, Now));

    [Fact]
    public void An_overlong_idempotency_key_is_refused() =>
        Assert.Equal(["Idempotency-Key"], LogCall.Validate(Valid, new string('k', IdempotencyKeyMaxLength + 1), Codes, Now).Keys);
}
