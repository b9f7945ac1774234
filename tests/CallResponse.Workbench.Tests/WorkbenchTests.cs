using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallResponse.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CallResponse.Workbench.Tests;

/// <summary>The workbench in a real browser against the running system, as its users work it.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed partial class WorkbenchTests(Workbench workbench, ITestOutputHelper output)
{
    private const string Grid = "LW-HL-01-G01";

    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_call_logged_in_the_form_is_routed_claimed_resolved_and_counted_on_the_dashboard()
    {
        var supervisor = await workbench.NewPageAsync();
        await Workbench.SignInAsync(supervisor, "supervisor", RunningSystem.District);
        await Timed(supervisor, "/#/dashboard", supervisor.GetByTestId("unit-table"), "dashboard (before)");
        var closureBefore = await ClosureRateOfAsync(supervisor, "SW");

        // The grid worker logs a burst water main through the form (WATER-01 goes to the water bureau, SW).
        var worker = await workbench.NewPageAsync();
        await Workbench.SignInAsync(worker, "grid-worker", Grid);
        await Expect(worker.GetByRole(AriaRole.Heading, new() { Name = "登记呼声" })).ToBeVisibleAsync();
        await worker.GetByLabel("搜索事项").FillAsync("水管");
        await worker.Locator("select[name=itemCode]").SelectOptionAsync("WATER-01");
        await worker.Locator("textarea[name=description]").FillAsync("路口水管爆裂，水漫路面");
        await worker.Locator("select[name=channel]").SelectOptionAsync("phone");
        await worker.Locator("input[name='resident.phone']").FillAsync("13812345678");
        await worker.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "现场.png", MimeType = "image/png", Buffer = Photo });
        await Workbench.ScreenshotAsync(worker, "01-log-call-form");
        await worker.GetByRole(AriaRole.Button, new() { Name = "提交登记" }).ClickAsync();
        var tracking = await worker.GetByTestId("tracking-number").TextContentAsync();
        Assert.Matches(TrackingNumber(), tracking!);
        await Expect(worker.GetByTestId("photo-status")).ToContainTextAsync("已上传 1 张照片");
        await Workbench.ScreenshotAsync(worker, "02-log-call-done");

        await worker.GetByTestId("case-link").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToHaveTextAsync("待认领", new() { Timeout = 30_000 });
        await Expect(worker.Locator(".facts")).ToContainTextAsync("区水务局");
        await Expect(worker.GetByTestId("timeline").Locator("li[data-event=case_routed]")).ToBeVisibleAsync();
        await Expect(worker.GetByTestId("deadlines")).ToContainTextAsync("认领时限");
        // The photo chosen on the form was attached to the case and shows on its page.
        await Expect(worker.GetByTestId("photos").Locator("img")).ToHaveCountAsync(1);
        await worker.WaitForFunctionAsync("() => document.querySelector('[data-testid=photos] img')?.naturalWidth > 0");
        var caseUrl = worker.Url;
        await Timed(worker, caseUrl, worker.GetByTestId("timeline").Locator("li[data-event=case_routed]"), "case page");
        await Workbench.ScreenshotAsync(worker, "03-case-routed");
        await Timed(worker, "/#/cases", worker.Locator($"li[data-tracking='{tracking}']"), "grid worker's recent cases");
        await Workbench.ScreenshotAsync(worker, "04-recent-cases");

        // The water bureau's liaison finds it in the queue, claims it there and resolves it on its page.
        var liaison = await workbench.NewPageAsync();
        await Workbench.SignInAsync(liaison, "liaison", "SW");
        var row = liaison.Locator($"li[data-tracking='{tracking}']");
        await Expect(row).ToBeVisibleAsync();
        await Timed(liaison, "/#/cases", row, "liaison's queue");
        await Workbench.ScreenshotAsync(liaison, "05-liaison-queue");
        await row.GetByRole(AriaRole.Button, new() { Name = "认领" }).ClickAsync();
        await Expect(liaison.GetByText($"已认领 {tracking}。")).ToBeVisibleAsync();

        await liaison.GotoAsync(caseUrl);
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已认领");
        var progress = liaison.Locator("details[data-command=progress]");
        await progress.GetByText("办理进展", new() { Exact = true }).ClickAsync();
        await progress.Locator("textarea[name=note]").FillAsync("抢修队已到场关阀");
        await progress.GetByRole(AriaRole.Button, new() { Name = "确认办理进展" }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("办理中");
        var resolve = liaison.Locator("details[data-command=resolve]");
        await resolve.GetByText("办结", new() { Exact = true }).ClickAsync();
        await resolve.Locator("textarea[name=summary]").FillAsync("更换破损管段，恢复供水");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "确认办结" }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已办结");
        var timeline = liaison.GetByTestId("timeline");
        foreach (var step in new[] { "case_opened", "case_routed", "case_claimed", "progress_noted", "case_resolved" })
        {
            await Expect(timeline.Locator($"li[data-event={step}]")).ToHaveCountAsync(1);
        }

        await Expect(timeline).ToContainTextAsync("部门联络员 区水务局（SW）");
        await Workbench.ScreenshotAsync(liaison, "06-case-resolved");

        // The supervisor's numbers follow (the measure totals are an async projection: a moment later).
        var closureAfter = await Eventually.GetAsync(
            async () =>
            {
                await supervisor.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
                await Expect(supervisor.GetByTestId("unit-table")).ToBeVisibleAsync();
                return await ClosureRateOfAsync(supervisor, "SW");
            },
            rate => rate == "100.0%",
            TimeSpan.FromSeconds(30),
            "the water bureau's closure rate on the dashboard to reach 100%");
        Assert.NotEqual(closureBefore, closureAfter);
        await Expect(supervisor.Locator("svg.bar-chart")).ToBeVisibleAsync();
        await Expect(supervisor.Locator("svg.line-chart")).ToBeVisibleAsync();
        await Expect(supervisor.GetByTestId("ranking-table")).ToContainTextAsync("区水务局");
        await Timed(supervisor, "/#/dashboard", supervisor.Locator("svg.bar-chart"), "dashboard");
        await Expect(supervisor.GetByTestId("overdue-counts")).ToBeVisibleAsync();
        await Workbench.ScreenshotAsync(supervisor, "07-dashboard");

        var download = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.GetByRole(AriaRole.Button, new() { Name = "下载 CSV" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("SW", csv, StringComparison.Ordinal);

        // The ranking names the rules it was made by; the bureau's name opens its score case by case, and its
        // liaison has the same breakdown on a page of their own.
        await Expect(supervisor.GetByTestId("ranking-rules")).ToContainTextAsync("考核办法 2026.1");
        await supervisor.GetByTestId("ranking-table").Locator("button[data-unit=SW]").ClickAsync();
        await Expect(supervisor.GetByTestId("breakdown-table").Locator("tr", new() { HasText = tracking! }).Locator("td[data-count=resolved]")).ToHaveTextAsync("✓");
        await Workbench.ScreenshotAsync(supervisor, "07b-dashboard-breakdown");
        await liaison.GotoAsync("/#/breakdown");
        await Expect(liaison.GetByTestId("breakdown-table")).ToContainTextAsync(tracking!);
    }

    [Fact]
    public async Task A_command_on_a_stale_page_is_refused_with_a_clear_message()
    {
        // A power cut (ENERGY-02) goes to the power supply bureau, GD.
        var logged = await workbench.System.LogCallAsync(new { itemCode = "ENERGY-02", gridCode = Grid, description = "整栋楼停电", channel = "phone" });
        await workbench.System.WaitUntilRoutedAsync(logged.CaseId);
        var page = await workbench.NewPageAsync();
        await Workbench.SignInAsync(page, "liaison", "GD");
        await page.GotoAsync($"/#/cases/{logged.CaseId}");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("待认领");

        // A colleague claims it meanwhile, through the API.
        using var colleague = workbench.System.As("liaison", "GD", "colleague");
        using var claim = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{logged.CaseId}/claim") { Content = JsonContent.Create(new { }) };
        claim.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(await page.Locator("article[data-etag]").GetAttributeAsync("data-etag") ?? "\"0\""));
        using var claimed = await colleague.SendAsync(claim);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "认领" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("该案件已被他人更新，请刷新页面后重试。");
        await Workbench.ScreenshotAsync(page, "08-stale-page");

        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("已认领");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("colleague");
    }

    [Fact]
    public async Task Bad_input_is_explained_in_chinese_field_by_field()
    {
        var page = await workbench.NewPageAsync();
        await Workbench.SignInAsync(page, "grid-worker", Grid);
        await page.Locator("input[name='resident.phone']").FillAsync("电话号码");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交登记" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^提交的内容有误，请检查：.*呼应事项.*问题描述.*联系电话"));
        await Expect(page.Locator(".field[data-field=itemCode] .field-error")).ToHaveTextAsync("请选择呼应事项");
        await Expect(page.Locator(".field[data-field=description] .field-error")).ToHaveTextAsync("请描述居民反映的问题");
        await Expect(page.Locator(".field[data-field='resident.phone'] .field-error")).ToHaveTextAsync("请填写 5 至 20 位数字的电话号码");
        await Workbench.ScreenshotAsync(page, "09-bad-input");
    }

    [Fact]
    public async Task A_dispatcher_routes_a_case_from_the_triage_desk_by_hand()
    {
        // An unmanaged compound (HOUSE-02) waits at the street's triage desk by rule.
        var logged = await workbench.System.LogCallAsync(new { itemCode = "HOUSE-02", gridCode = Grid, description = "物业撤场，小区无人管理", channel = "walk-in" });
        await workbench.System.WaitUntilRoutedAsync(logged.CaseId);
        var page = await workbench.NewPageAsync();
        await Workbench.SignInAsync(page, "street-dispatcher", "LW-HL");
        var card = page.Locator($"li[data-case='{logged.CaseId}']");
        await Timed(page, "/#/triage", card, "triage desk");
        await Workbench.ScreenshotAsync(page, "10-triage-desk");

        await card.GetByText("人工派单").ClickAsync();
        await card.Locator("select[name=level]").SelectOptionAsync("department");
        await card.Locator("select[name=department]").SelectOptionAsync("ZJ");
        await card.Locator("textarea[name=reason]").FillAsync("涉及房屋管理，由住建局牵头");
        await card.GetByRole(AriaRole.Button, new() { Name = "确认派单" }).ClickAsync();

        await Expect(page.GetByText($"{logged.TrackingNumber} 已派单。")).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);
        var routed = await workbench.System.Gateway.GetFromJsonAsync<CaseState>($"/api/cases/{logged.CaseId}");
        Assert.Equal(("department", "ZJ"), (routed!.Assignment!.Level, routed.Assignment.UnitCode));
    }

    [Fact]
    public async Task The_workbench_fits_a_phone()
    {
        var page = await workbench.NewPageAsync(phone: true);
        await Workbench.SignInAsync(page, "grid-worker", Grid);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交登记" })).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync(page);
        await Workbench.ScreenshotAsync(page, "11-phone-log-call");

        await Timed(page, "/#/cases", page.GetByTestId("case-list"), "recent cases on a phone");
        await AssertNoSidewaysScrollingAsync(page);
        await Workbench.ScreenshotAsync(page, "12-phone-recent-cases");

        await Workbench.SignInAsync(page, "supervisor", RunningSystem.District);
        await Expect(page.GetByTestId("unit-table")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync(page);
        await Workbench.ScreenshotAsync(page, "13-phone-dashboard");
    }

    [Fact]
    public async Task The_gateway_serves_the_workbench_at_the_root_and_swagger_stays()
    {
        using var anonymous = workbench.System.Anonymous();
        var index = await anonymous.GetStringAsync("/");
        Assert.Contains("你呼我应", index, StringComparison.Ordinal);
        using var swagger = await anonymous.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        using var script = await anonymous.GetAsync("/js/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    private async Task Timed(IPage page, string route, ILocator loaded, string name)
    {
        var elapsed = await Workbench.TimedGotoAsync(page, route, loaded, name);
        output.WriteLine($"{name}: {elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>The closure rate in the dashboard's unit table for <paramref name="unit"/>, or null without a row.</summary>
    private static async Task<string?> ClosureRateOfAsync(IPage page, string unit)
    {
        var cell = page.Locator($"[data-testid=unit-table] tr[data-unit='{unit}'] td[data-measure=closureRate]");
        return await cell.CountAsync() == 0 ? null : await cell.TextContentAsync();
    }

    private static async Task AssertNoSidewaysScrollingAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"the page is {scroll} px wide on a {width} px screen");
    }

    [GeneratedRegex(@"^LW-\d{8}-\d{6}$")]
    private static partial Regex TrackingNumber();
}
