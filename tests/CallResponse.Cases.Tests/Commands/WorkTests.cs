using CallResponse.Cases.Commands;
using Microsoft.AspNetCore.Http;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class ProgressTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_progress_note_is_required(string? note) =>
        Then.Invalid(Progress.Decide(Then.Given(Sample.In(CaseStatus.Claimed)), new Progress.Request(note)), "note");

    [Fact]
    public void A_note_longer_than_2000_characters_is_refused() =>
        Then.Invalid(
            Progress.Decide(Then.Given(Sample.In(CaseStatus.Claimed)), new Progress.Request(new string('字', 2001))),
            "note");

    [Fact]
    public void Progress_is_noted_trimmed()
    {
        var claimed = Sample.In(CaseStatus.Claimed);

        Then.Events(
            Progress.Decide(Then.Given(claimed), new Progress.Request(" 已到场查看 ")),
            new ProgressNoted(claimed.Id, "已到场查看", Sample.At));
    }
}

public sealed class RequestAssistanceTests
{
    private static readonly Case Claimed = Sample.In(CaseStatus.Claimed); // assisted by CG already

    [Theory]
    [InlineData(null, "note", "department")]
    [InlineData("GA", null, "note")]
    [InlineData("A-DEPARTMENT-CODE-TOO-LONG", "note", "department")]
    [InlineData("XX", "请协助", "department")]
    [InlineData("CG", "请协助", "department")]
    public void An_assistance_request_names_a_known_department_not_assisting_yet_and_what_it_should_do(
        string? department, string? note, string field) =>
        Then.Invalid(
            RequestAssistance.Decide(Then.Given(Claimed), new(department, note), Then.Departments),
            field);

    [Fact]
    public void Without_the_catalogue_of_departments_the_request_waits()
    {
        var decision = RequestAssistance.Decide(Then.Given(Claimed), new("GA", "请协助"), departments: null);

        Then.Refused(decision, StatusCodes.Status503ServiceUnavailable);
    }

    [Fact]
    public void A_known_department_is_asked_to_assist()
    {
        Then.Events(
            RequestAssistance.Decide(Then.Given(Claimed), new(" GA ", " 请协助疏导交通 "), Then.Departments),
            new AssistanceRequested(Claimed.Id, "GA", "请协助疏导交通", Sample.At));
    }
}

public sealed class ResolveTests
{
    [Fact]
    public void A_resolution_says_what_was_done() =>
        Then.Invalid(Resolve.Decide(Then.Given(Sample.In(CaseStatus.Claimed)), new Resolve.Request("")), "summary");

    [Fact]
    public void The_case_is_resolved_by_its_unit()
    {
        var claimed = Sample.In(CaseStatus.InProgress);

        Then.Events(
            Resolve.Decide(Then.Given(claimed), new Resolve.Request("已更换阀门")),
            new CaseResolved(claimed.Id, "SW", "已更换阀门", Sample.At));
    }
}
