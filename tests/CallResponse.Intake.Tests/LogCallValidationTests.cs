using CallResponse.Intake.Calls.LoggingCalls;
using CallResponse.Intake.Catalogue;
using static CallResponse.Intake.Calls.LoggingCalls.LogCall;

namespace CallResponse.Intake.Tests;

public sealed class LogCallValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly CatalogueCodes Codes = new("2026.1", new HashSet<string> { "CITY-01" }, new Dictionary<string, GridPlace> { ["LW-HL-01-G01"] = new("LW-HL-01", "LW-HL", "LW") });
    private const string Key = "0b6c7a9e-4f7e-4a51-9c55-1f0f2f3c8d11";
    private static readonly LogCallRequest Valid = new("CITY-01", "LW-HL-01-G01", "垃圾堆积", "walk-in", Now.AddHours(-1), new ResidentRequest("张三", "138-1234-5678", null));

    [Fact]
    public void A_complete_call_has_no_errors() => Assert.Empty(LogCall.Validate(Valid, Key, Codes, Now));

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
        var errors = LogCall.Validate(request, Key, Codes, Now);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_report_a_few_minutes_ahead_is_clock_skew_not_an_error() =>
        Assert.Empty(LogCall.Validate(Valid with { ReportedAt = Now.AddMinutes(4) }, Key, Codes, Now));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("键-1")]
    [InlineData("a\tb")]
    [InlineData("a\u0007b")]
    public void A_blank_or_unprintable_idempotency_key_is_refused(string key) =>
        Assert.Equal(["Idempotency-Key"], LogCall.Validate(Valid, key, Codes, Now).Keys);

    [Fact]
    public void An_overlong_idempotency_key_is_refused()
    {
        Assert.Empty(LogCall.Validate(Valid, new string('k', IdempotencyKeyMaxLength), Codes, Now));
        Assert.Equal(["Idempotency-Key"], LogCall.Validate(Valid, new string('k', IdempotencyKeyMaxLength + 1), Codes, Now).Keys);
    }

    [Fact]
    public void The_request_hash_ignores_the_report_times_offset_and_the_descriptions_padding()
    {
        var same = Valid with { Description = "  垃圾堆积 ", ReportedAt = Valid.ReportedAt!.Value.ToUniversalTime() };

        Assert.Equal(LogCall.RequestHash(Valid), LogCall.RequestHash(same));
        Assert.Matches("^[0-9a-f]{64}$", LogCall.RequestHash(Valid));
    }

    public static TheoryData<LogCallRequest> OtherCalls => new()
    {
        Valid with { ItemCode = "CITY-02" },
        Valid with { GridCode = "LW-HL-01-G02" },
        Valid with { Description = "垃圾堆积！" },
        Valid with { Channel = "phone" },
        Valid with { ReportedAt = null },
        Valid with { ReportedAt = Now.AddHours(-2) },
    };

    [Theory]
    [MemberData(nameof(OtherCalls))]
    public void Another_call_has_another_request_hash(LogCallRequest other) =>
        Assert.NotEqual(LogCall.RequestHash(Valid), LogCall.RequestHash(other));
}
