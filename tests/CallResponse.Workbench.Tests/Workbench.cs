using CallResponse.Testing;
using Microsoft.Playwright;

// One system and one browser for every test here: four services and chromium share two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CallResponse.Workbench.Tests;

/// <summary>The running system and Debian's chromium, driven by Playwright.</summary>
public sealed class Workbench : IAsyncLifetime
{
    private WorkbenchBrowser? browser;

    public RunningSystem System { get; } = new();

    /// <summary>
    /// Where screenshots and measured load times go: <c>$CALLRESPONSE_TEST_ARTIFACTS</c>, else
    /// <c>screenshots</c> next to the test assembly.
    /// </summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("CALLRESPONSE_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? Path.Combine(configured, "workbench")
            : Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        browser = await WorkbenchBrowser.LaunchAsync();
        await System.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        await System.DisposeAsync();
    }

    /// <summary>A fresh tab with its own sign-in, at desk or phone size, on the system's gateway.</summary>
    public Task<IPage> NewPageAsync(bool phone = false) => browser!.NewPageAsync(System.Service("gateway").BaseAddress, phone);

    public static Task SignInAsync(IPage page, string role, string unit) => WorkbenchBrowser.SignInAsync(page, role, unit);

    /// <summary>Saves what the page shows now as an artifact.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}.png"), FullPage = true });

    /// <summary>Loads a route afresh and records how long until <paramref name="loaded"/> showed.</summary>
    public static async Task<TimeSpan> TimedGotoAsync(IPage page, string route, ILocator loaded, string name)
    {
        var elapsed = await WorkbenchBrowser.TimedGotoAsync(page, route, loaded);
        await File.AppendAllTextAsync(Path.Combine(Artifacts, "load-times.txt"), $"{DateTimeOffset.Now:O}\t{name}\t{elapsed.TotalMilliseconds:F0} ms\n");
        return elapsed;
    }
}

[CollectionDefinition(Name)]
public sealed class WorkbenchCollection : ICollectionFixture<Workbench>
{
    public const string Name = "workbench";
}
