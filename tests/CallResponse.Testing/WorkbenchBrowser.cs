using System.Diagnostics;
using Microsoft.Playwright;

namespace CallResponse.Testing;

/// <summary>
/// Debian's chromium driven by Playwright, on the workbench: what the browser tests and the page-load
/// benchmark share. Playwright's own browser download needs the internet; deploy/lib/browser.sh
/// installs chromium with apt.
/// </summary>
public sealed class WorkbenchBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private WorkbenchBrowser(IPlaywright playwright, IBrowser browser) => (this.playwright, this.browser) = (playwright, browser);

    /// <summary>Starts chromium; no browser is a failure with the reason, never a skip.</summary>
    public static async Task<WorkbenchBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (deploy/test does, via deploy/lib/browser.sh: ensure_browser).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        return new WorkbenchBrowser(playwright, browser);
    }

    /// <summary>A fresh tab with its own session storage (so its own sign-in), at desk or phone size, in China.</summary>
    public async Task<IPage> NewPageAsync(Uri gateway, bool phone = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
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

        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }

    /// <summary>Loads a route afresh (HTML, modules, API calls) and answers how long until <paramref name="loaded"/> shows.</summary>
    public static async Task<TimeSpan> TimedGotoAsync(IPage page, string route, ILocator loaded)
    {
        // From another document, so that a route of the page already open is loaded, not just re-shown.
        await page.GotoAsync("about:blank");
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(route);
        await Assertions.Expect(loaded.First).ToBeVisibleAsync();
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
