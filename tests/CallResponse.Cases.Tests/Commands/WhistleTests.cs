using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class WhistleTests
{
    private static readonly Case Routed = Sample.In(CaseStatus.Routed);

    [Theory]
    [InlineData(new string[0], 60, "占道经营", "departments")]
    [InlineData(new[] { " ", "" }, 60, "占道经营", "departments")]
    [InlineData(new[] { "CG" }, 0, "占道经营", "reportWithinMinutes")]
    [InlineData(new[] { "CG" }, Whistle.MaxReportWithinMinutes + 1, "占道经营", "reportWithinMinutes")]
    [InlineData(new[] { "CG" }, 60, " ", "reason")]
    [InlineData(new[] { "CG", "XX" }, 60, "占道经营", "departments")]
    public void A_whistle_summons_known_departments_for_1_minute_to_7_days_with_a_reason(
        string[] departments, int minutes, string reason, string field) =>
        Then.Invalid(
            Whistle.Decide(
                Then.Given(Routed, Then.StreetDispatcher), new(departments, minutes, reason), Then.Departments),
            field);

    [Fact]
    public void A_whistle_without_its_time_to_report_is_refused() =>
        Then.Invalid(
            Whistle.Decide(Then.Given(Routed, Then.StreetDispatcher), new(["CG"], null, "占道经营"), Then.Departments),
            "reportWithinMinutes");

    [Fact]
    public void Without_the_catalogue_of_departments_the_whistle_waits() =>
        Then.Refused(
            Whistle.Decide(Then.Given(Routed, Then.StreetDispatcher), new(["CG"], 60, "占道经营"), departments: null),
            StatusCodes.Status503ServiceUnavailable);

    [Fact]
    public void Each_department_is_summoned_once_to_report_by_the_time_set()
    {
        var decision = Whistle.Decide(
            Then.Given(Routed, Then.StreetDispatcher), new([" CG", "GA", "CG "], 90, " 占道经营 "), Then.Departments);

        var accepted = Assert.IsType<Decision.Accept>(decision);
        var blown = Assert.IsType<WhistleBlown>(Assert.Single(accepted.Events));
        Assert.Equal(["CG", "GA"], blown.Departments);
        Assert.Equal((Sample.At.AddMinutes(90), "占道经营", Sample.At), (blown.ReportBy, blown.Reason, blown.BlownAt));
    }
}

public sealed class ReportTests
{
    [Fact]
    public void A_summoned_department_reports_as_itself()
    {
        var summoned = Sample.In(CaseStatus.Routed).Apply(
            new WhistleBlown(Guid.Empty, ["CG"], Sample.At.AddHours(1), "占道经营", Sample.At));
        var liaison = new Actor("u-cg", Roles.Liaison, "CG");

        Then.Events(
            Report.Decide(Then.Given(summoned, liaison), new Report.Request()),
            new WhistleAnswered(summoned.Id, "CG", Sample.At));
    }

    [Theory]
    [InlineData(Roles.Liaison, "CG", true)]
    [InlineData(Roles.Liaison, "GA", false)]
    [InlineData(Roles.StreetDispatcher, "CG", false)]
    public void Only_a_liaison_of_a_summoned_department_may_report(string role, string unit, bool may)
    {
        var summoned = Sample.In(CaseStatus.Routed).Apply(
            new WhistleBlown(Guid.Empty, ["CG"], Sample.At.AddHours(1), "占道经营", Sample.At));

        Assert.Equal(may, CaseAccess.MayGive(summoned, new Actor("u", role, unit), CaseCommandNames.Report));
    }
}
