using System.Diagnostics;
using CallResponse.Testing;
using Microsoft.Playwright;

// One system and one browser for every test here: four services and chromium share two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CallResponse.Workbench.Tests;

/// <summary>The running system and Debian's chromium, driven by Playwright.</summary>
public sealed class Workbench : IAsyncLifetime
{
    /// <summary>Debian's chromium (deploy/lib/browser.sh installs it); Playwright's own download needs the internet.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;

    public RunningSystem System { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

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
        // No browser is a failure with the reason, never a skip.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (deploy/test does, via deploy/lib/browser.sh: ensure_browser).");
        }

        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await System.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await System.DisposeAsync();
    }

    /// <summary>A fresh tab with its own session storage (so its own sign-in), at desk or phone size.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = System.Service("gateway").BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form: role, then the unit (a department, or the area tree level by level).</summary>
    public static async Task SignInAsync(IPage page, string role, string unit)
    {
        await page.GotoAsync("/#/signin");
        await page.Locator("select[name=role]").SelectOptionAsync(role);
        if (role == "liaison")
        {
            await page.Locator("select[name=unit]").SelectOptionAsync(unit);
        }
        else
        {
            // LW-HL-01-G01 is chosen as LW-HL, then LW-HL-01, then LW-HL-01-G01; a district supervisor picks LW.
            var parts = unit.Split('-');
            var levels = new[] { "street", "community", "grid" };
            for (var depth = 2; depth <= Math.Max(2, parts.Length); depth++)
            {
                await page.Locator($"select[data-level={levels[depth - 2]}]").SelectOptionAsync(string.Join('-', parts.Take(depth)));
            }
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }

    /// <summary>Saves what the page shows now as an artifact.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}.png"), FullPage = true });

    /// <summary>Loads a route afresh (HTML, modules, API calls) and waits for what shows it is loaded; records how long that took.</summary>
    public static async Task<TimeSpan> TimedGotoAsync(IPage page, string route, ILocator loaded, string name)
    {
        // From another document, so that a route of the page already open is loaded, not just re-shown.
        await page.GotoAsync("about:blank");
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(route);
        await Assertions.Expect(loaded).ToBeVisibleAsync();
        clock.Stop();
        await File.AppendAllTextAsync(Path.Combine(Artifacts, "load-times.txt"), $"{DateTimeOffset.Now:O}\t{name}\t{clock.ElapsedMilliseconds} ms\n");
        return clock.Elapsed;
    }
}

[CollectionDefinition(Name)]
public sealed class WorkbenchCollection : ICollectionFixture<Workbench>
{
    public const string Name = "workbench";
}
