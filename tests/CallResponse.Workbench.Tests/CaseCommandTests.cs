using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallResponse.Contracts.Sla;
using CallResponse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallResponse.Workbench.Tests;

/// <summary>The case page's commands beyond the daily work: extensions, whistles, escalation, urges.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class CaseCommandTests(Workbench workbench)
{
    private const string Grid = "LW-HL-01-G01";

    [Fact]
    public async Task The_liaison_asks_for_more_time_and_a_supervisor_approves()
    {
        var caseId = await WaterCaseAsync("小区供水主管老化，需整段更换");
        var liaison = await CasePageAsync("liaison", "SW", caseId);
        await liaison.GetByRole(AriaRole.Button, new() { Name = "认领", Exact = true }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已认领");

        var extension = liaison.Locator("details[data-command=request-extension]");
        await extension.Locator("summary").ClickAsync();
        var resolveBy = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(10);
        await extension.Locator("input[name=resolveBy]").FillAsync(resolveBy.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await extension.Locator("textarea[name=reason]").FillAsync("更换主管须分段停水，需协调施工");
        foreach (var other in new[] { "request-assistance", "escalate" })
        {
            await liaison.Locator($"details[data-command={other}] summary").ClickAsync();
        }

        await Workbench.ScreenshotAsync(liaison, "14-case-commands");
        await extension.GetByRole(AriaRole.Button, new() { Name = "确认申请延期" }).ClickAsync();
        await Expect(liaison.GetByText("已申请延期。")).ToBeVisibleAsync();
        await Expect(liaison.Locator(".facts")).ToContainTextAsync("申请延期至");
        await Expect(liaison.Locator("details[data-command=request-extension]")).ToHaveCountAsync(0);

        var supervisor = await CasePageAsync("supervisor", RunningSystem.District, caseId);
        await Expect(supervisor.GetByText(new Regex("^延期申请待审批：.*更换主管须分段停水"))).ToBeVisibleAsync();
        var approve = supervisor.Locator("details[data-command=approve-extension]");
        await approve.Locator("summary").ClickAsync();
        await approve.Locator("textarea[name=note]").FillAsync("同意，请按新时限办结");
        await Workbench.ScreenshotAsync(supervisor, "15-extension-pending");
        await approve.GetByRole(AriaRole.Button, new() { Name = "确认同意延期" }).ClickAsync();

        await Expect(supervisor.GetByText("已同意延期。")).ToBeVisibleAsync();
        await Expect(supervisor.GetByTestId("timeline").Locator("li[data-event=extension_approved]")).ToContainTextAsync("同意延期");
        await Expect(supervisor.Locator(".facts")).ToContainTextAsync("已延期至");
        await Expect(supervisor.Locator("details[data-command=approve-extension]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_liaison_asks_to_pause_a_supervisor_approves_and_the_liaison_resumes()
    {
        var caseId = await WaterCaseAsync("居民外出，需入户检修");
        var liaison = await CasePageAsync("liaison", "SW", caseId);
        await liaison.GetByRole(AriaRole.Button, new() { Name = "认领", Exact = true }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已认领");

        var pause = liaison.Locator("details[data-command=request-pause]");
        await pause.Locator("summary").ClickAsync();
        // The reasons are the API's (GET /api/cases/codes), with their Chinese names.
        await pause.Locator("select[name=reasonCode]").SelectOptionAsync(new SelectOptionValue { Label = "等待居民" });
        await pause.Locator("textarea[name=note]").FillAsync("居民外出务工，约定周末入户");
        var resumeBy = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(3);
        await pause.Locator("input[name=resumeBy]").FillAsync(resumeBy.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await pause.GetByRole(AriaRole.Button, new() { Name = "确认申请挂起" }).ClickAsync();
        await Expect(liaison.GetByText("已申请挂起。")).ToBeVisibleAsync();

        var supervisor = await CasePageAsync("supervisor", RunningSystem.District, caseId);
        await Expect(supervisor.GetByText(new Regex("^挂起申请待审批：.*等待居民"))).ToBeVisibleAsync();
        var approve = supervisor.Locator("details[data-command=approve-pause]");
        await approve.Locator("summary").ClickAsync();
        await approve.GetByRole(AriaRole.Button, new() { Name = "确认同意挂起" }).ClickAsync();
        await Expect(supervisor.GetByText("已同意挂起。")).ToBeVisibleAsync();
        await Expect(supervisor.GetByText(new Regex("^挂起中（等待居民）"))).ToBeVisibleAsync();

        liaison = await CasePageAsync("liaison", "SW", caseId);
        await Expect(liaison.Locator("details[data-command=resolve]")).ToHaveCountAsync(0);
        var resume = liaison.Locator("details[data-command=resume]");
        await resume.Locator("summary").ClickAsync();
        await resume.GetByRole(AriaRole.Button, new() { Name = "确认恢复计时" }).ClickAsync();
        await Expect(liaison.GetByText("已恢复计时。")).ToBeVisibleAsync();
        await Expect(liaison.GetByTestId("timeline").Locator("li[data-event=case_resumed]")).ToContainTextAsync("恢复计时");
        await Expect(liaison.Locator("details[data-command=resolve]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_liaison_returns_a_case_with_a_coded_reason_and_the_desk_rejects_the_return()
    {
        var caseId = await WaterCaseAsync("小区门口水管漏水");
        var liaison = await CasePageAsync("liaison", "SW", caseId);
        var returning = liaison.Locator("details[data-command=return]");
        await returning.Locator("summary").ClickAsync();
        await returning.Locator("select[name=reasonCode]").SelectOptionAsync("not-our-duty");
        await returning.Locator("textarea[name=reason]").FillAsync("属小区内部管网，由物业负责");
        await returning.GetByRole(AriaRole.Button, new() { Name = "确认退回" }).ClickAsync();
        await Expect(liaison.GetByText("已退回。")).ToBeVisibleAsync();

        var dispatcher = await CasePageAsync("street-dispatcher", "LW-HL", caseId);
        await Expect(dispatcher.GetByTestId("timeline").Locator("li[data-event=case_returned]")).ToContainTextAsync("非本单位职责");
        await Expect(dispatcher.GetByText(new Regex("^退单待审核：.*属小区内部管网"))).ToBeVisibleAsync();
        var rejecting = dispatcher.Locator("details[data-command=reject-return]");
        await rejecting.Locator("summary").ClickAsync();
        await rejecting.Locator("textarea[name=note]").FillAsync("漏点在市政管道，属水务职责");
        await Workbench.ScreenshotAsync(dispatcher, "17-return-review");
        await rejecting.GetByRole(AriaRole.Button, new() { Name = "确认驳回退单" }).ClickAsync();

        await Expect(dispatcher.GetByText("已驳回退单。")).ToBeVisibleAsync();
        await Expect(dispatcher.GetByTestId("timeline").Locator("li[data-event=return_rejected]")).ToContainTextAsync("时限照常计算");
    }

    [Fact]
    public async Task The_street_blows_the_whistle_and_the_summoned_department_reports()
    {
        var caseId = await WaterCaseAsync("水管爆裂冲垮路面，需住建部门到场");
        var dispatcher = await CasePageAsync("street-dispatcher", "LW-HL", caseId);
        var whistle = dispatcher.Locator("details[data-command=whistle]");
        await whistle.Locator("summary").ClickAsync();
        await whistle.GetByLabel("区住房和城乡建设局").CheckAsync();
        await whistle.Locator("input[name=reportWithinMinutes]").FillAsync("30");
        await whistle.Locator("textarea[name=reason]").FillAsync("路面塌陷，涉及道路修复，请住建局到场");
        await Workbench.ScreenshotAsync(dispatcher, "16-whistle");
        await whistle.GetByRole(AriaRole.Button, new() { Name = "确认街道吹哨" }).ClickAsync();

        await Expect(dispatcher.GetByText("已吹哨。")).ToBeVisibleAsync();
        await Expect(dispatcher.Locator(".facts")).ToContainTextAsync("区住房和城乡建设局（ZJ）");
        await Expect(dispatcher.GetByTestId("timeline").Locator("li[data-event=whistle_blown]")).ToBeVisibleAsync();

        var summoned = await CasePageAsync("liaison", "ZJ", caseId);
        await summoned.GetByRole(AriaRole.Button, new() { Name = "报到", Exact = true }).ClickAsync();
        await Expect(summoned.GetByText("已报到。")).ToBeVisibleAsync();
        await Expect(summoned.GetByTestId("timeline").Locator("li[data-event=whistle_answered]")).ToContainTextAsync("部门报到");
        await Expect(summoned.Locator(".facts dt", new() { HasText = "协办部门" })).ToBeVisibleAsync();
        await Expect(summoned.GetByRole(AriaRole.Button, new() { Name = "报到", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_liaison_escalates_a_case_to_the_districts_supervisors()
    {
        var caseId = await WaterCaseAsync("主干管破裂，超出本局处置能力");
        var liaison = await CasePageAsync("liaison", "SW", caseId);
        var escalate = liaison.Locator("details[data-command=escalate]");
        await escalate.Locator("summary").ClickAsync();
        await escalate.Locator("textarea[name=reason]").FillAsync("需多部门联动，请区督办协调");
        await escalate.GetByRole(AriaRole.Button, new() { Name = "确认上报" }).ClickAsync();

        // The department no longer holds the case, so it may no longer see it.
        await Expect(liaison.GetByText("已上报。")).ToBeVisibleAsync();
        await Expect(liaison.GetByText("案件已转交其他单位办理，您已不能查看。")).ToBeVisibleAsync();

        var supervisor = await CasePageAsync("supervisor", RunningSystem.District, caseId);
        await Expect(supervisor.GetByTestId("status")).ToHaveTextAsync("待认领");
        await Expect(supervisor.Locator(".facts")).ToContainTextAsync("区督办台");
        await Expect(supervisor.GetByTestId("timeline").Locator("li[data-event=case_escalated]")).ToContainTextAsync("部门联络员 区水务局（SW）");
        await Expect(supervisor.GetByRole(AriaRole.Button, new() { Name = "认领", Exact = true })).ToBeVisibleAsync();
        await Expect(supervisor.Locator("details[data-command=escalate]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_dispatcher_merges_a_duplicate_by_the_survivors_tracking_number()
    {
        var survivor = await workbench.System.LogCallAsync(new { itemCode = "WATER-01", gridCode = Grid, description = "路口水管漏水", channel = "phone" });
        var duplicate = await WaterCaseAsync("路口水管漏水（另一位居民来电）");
        var dispatcher = await CasePageAsync("street-dispatcher", "LW-HL", duplicate);
        var merge = dispatcher.Locator("details[data-command=merge]");
        await merge.Locator("summary").ClickAsync();
        await merge.Locator("input[name=into]").FillAsync(survivor.TrackingNumber);
        await merge.Locator("textarea[name=reason]").FillAsync("同一处漏水，重复反映");
        await merge.GetByRole(AriaRole.Button, new() { Name = "确认合并" }).ClickAsync();

        await Expect(dispatcher.GetByText("已合并。")).ToBeVisibleAsync();
        await Expect(dispatcher.GetByTestId("status")).ToHaveTextAsync("已合并");
        await Expect(dispatcher.Locator($".facts a[href='#/cases/{survivor.CaseId}']")).ToHaveTextAsync("查看保留的案件");
    }

    [Fact]
    public async Task A_supervisor_urges_the_unit_that_holds_the_case_and_the_unit_sees_it()
    {
        var caseId = await WaterCaseAsync("水管爆裂两小时仍无人到场");
        var supervisor = await CasePageAsync("supervisor", RunningSystem.District, caseId);
        var urge = supervisor.Locator("details[data-command=urge]");
        await urge.Locator("summary").ClickAsync();
        await urge.Locator("textarea[name=note]").FillAsync("请立即派抢修队到场，一小时内回复");
        await Workbench.ScreenshotAsync(supervisor, "17-urge");
        await urge.GetByRole(AriaRole.Button, new() { Name = "确认催办" }).ClickAsync();

        await Expect(supervisor.GetByText("已催办。")).ToBeVisibleAsync();
        await Expect(supervisor.GetByTestId("timeline").Locator("li[data-event=case_urged]")).ToContainTextAsync("请立即派抢修队到场");
        await Expect(supervisor.GetByTestId("status")).ToHaveTextAsync("待认领");

        var liaison = await CasePageAsync("liaison", "SW", caseId);
        await Expect(liaison.Locator(".facts")).ToContainTextAsync("催办次数");
        await Expect(liaison.GetByTestId("timeline").Locator("li[data-event=case_urged]")).ToContainTextAsync("督办");
        await Expect(liaison.Locator("details[data-command=urge]")).ToHaveCountAsync(0); // the unit pressed does not urge
    }

    [Fact]
    public async Task A_late_case_shows_its_supervision_order_until_the_unit_claims_it()
    {
        var caseId = await WaterCaseAsync("水管爆裂一天无人认领");
        // A breach as the SLA service reports it, a day old, so the order it opens is past its own 24 hours.
        var breachedAt = DateTimeOffset.UtcNow.AddHours(-25);
        await workbench.System.Broker.PublishAsync(new SlaBreached(caseId, Guid.NewGuid(), "response", "SW", breachedAt, breachedAt));
        await Eventually.GetAsync(
            () => workbench.System.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}"),
            found => found.GetProperty("supervisionOrderCount").GetInt32() == 1,
            TimeSpan.FromSeconds(30),
            "the supervision order");

        var supervisor = await CasePageAsync("supervisor", RunningSystem.District, caseId);
        var orders = supervisor.GetByTestId("supervision-orders");
        await Expect(orders).ToContainTextAsync("区水务局");
        await Expect(orders).ToContainTextAsync("督办逾期");
        await Expect(supervisor.GetByTestId("timeline").Locator("li[data-event=supervision_ordered]")).ToContainTextAsync("开具督办单");
        await Expect(supervisor.Locator("details[data-command=urge]")).ToBeVisibleAsync();
        await Workbench.ScreenshotAsync(supervisor, "18-supervision-order");

        var liaison = await CasePageAsync("liaison", "SW", caseId);
        await liaison.GetByRole(AriaRole.Button, new() { Name = "认领", Exact = true }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已认领");
        await Expect(liaison.GetByTestId("supervision-orders")).ToContainTextAsync("已落实");
    }

    /// <summary>A water case (WATER-01) in the grid, routed to the water bureau, SW.</summary>
    [Fact]
    public async Task A_resident_rates_the_result_once_through_the_link_on_a_phone()
    {
        var caseId = await WaterCaseAsync("楼下水管漏水，已影响通行");
        var liaison = await CasePageAsync("liaison", "SW", caseId);
        await liaison.GetByRole(AriaRole.Button, new() { Name = "认领", Exact = true }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已认领");
        var resolve = liaison.Locator("details[data-command=resolve]");
        await resolve.Locator("summary").ClickAsync();
        await resolve.Locator("textarea[name=summary]").FillAsync("已更换破损管段，恢复供水");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "确认办结" }).ClickAsync();
        await Expect(liaison.GetByTestId("status")).ToHaveTextAsync("已办结");
        await Expect(liaison.Locator("details[data-command=feedback]")).ToHaveCountAsync(0); // never the unit rated

        var agent = await CasePageAsync("feedback-agent", RunningSystem.District, caseId);
        await agent.GetByRole(AriaRole.Button, new() { Name = "生成居民评价链接" }).ClickAsync();
        var link = await agent.GetByTestId("feedback-link").InputValueAsync();

        var resident = await workbench.NewPageAsync(phone: true);
        await resident.GotoAsync(link);
        await Expect(resident.GetByText("已更换破损管段，恢复供水")).ToBeVisibleAsync();
        await resident.GetByText("基本满意", new() { Exact = true }).ClickAsync();
        await resident.GetByText("已解决", new() { Exact = true }).ClickAsync();
        await resident.Locator("textarea[name=comment]").FillAsync("修得挺快");
        await Workbench.ScreenshotAsync(resident, "19-resident-feedback");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Expect(resident.GetByText("感谢您的评价")).ToBeVisibleAsync();
        await Expect(resident.Locator("#nav a")).ToHaveCountAsync(0); // no sign-in, no menu

        await resident.ReloadAsync();
        await Expect(resident.GetByText("此链接已使用或已过期")).ToBeVisibleAsync();
        await agent.ReloadAsync();
        await Expect(agent.GetByTestId("timeline").Locator("li[data-event=feedback_given]")).ToContainTextAsync("居民（评价链接）");
    }

    private async Task<Guid> WaterCaseAsync(string description)
    {
        var logged = await workbench.System.LogCallAsync(new { itemCode = "WATER-01", gridCode = Grid, description, channel = "phone" });
        await workbench.System.WaitUntilRoutedAsync(logged.CaseId);
        return logged.CaseId;
    }

    private async Task<IPage> CasePageAsync(string role, string unit, Guid caseId)
    {
        var page = await workbench.NewPageAsync();
        await Workbench.SignInAsync(page, role, unit);
        await page.GotoAsync($"/#/cases/{caseId}");
        await Expect(page.GetByTestId("timeline")).ToBeVisibleAsync();
        return page;
    }
}
