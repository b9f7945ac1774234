using CallResponse.Testing;
using Xunit.Abstractions;

namespace CallResponse.Fuzz.Tests;

/// <summary>The fuzzer's short run, part of deploy/test; deploy/fuzz runs the full one.</summary>
public sealed class FuzzTests(RunningSystem system, ITestOutputHelper output) : IClassFixture<RunningSystem>
{
    /// <summary>The seed both runs use unless told otherwise (issue 17).</summary>
    public const int Seed = 17;

    [Fact]
    public async Task Malformed_requests_get_problems_or_entitled_successes_and_change_nothing()
    {
        var report = await Fuzzer.RunAsync(system, new FuzzOptions(Requests: 1_500, Seed), output.WriteLine);

        output.WriteLine(report.Summary());
        Assert.True(report.Findings.IsEmpty, report.Summary());
    }
}
