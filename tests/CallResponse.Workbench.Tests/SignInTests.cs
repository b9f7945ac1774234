using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallResponse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallResponse.Workbench.Tests;

/// <summary>
/// Real accounts in a real browser: the admin signs in with a password and an authenticator code, opens an account
/// and imports a roster on 账号管理; the new liaison signs in through the identity service, claims from the
/// department's queue and signs out; once disabled, the account gets no way back in.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed partial class SignInTests(Workbench workbench)
{
    private const string AdminPassword = "admin-own-2026";
    private const string LiaisonPassword = "liaison-own-2026";

    [Fact]
    public async Task An_admin_opens_an_account_whose_liaison_signs_in_claims_and_is_then_disabled()
    {
        var system = workbench.System;
        var admin = await workbench.NewPageAsync();
        await AccountSignInAsync(admin, "admin", system.AdminPassword, AdminPassword, enrolAuthenticator: true);
        await Expect(admin.GetByTestId("who")).ToContainTextAsync("系统管理员");

        await admin.GotoAsync("/#/accounts");
        var login = $"wang.{Guid.NewGuid():N}"[..14];
        var form = admin.GetByTestId("new-account");
        await form.Locator("input[name=login]").FillAsync(login);
        await form.Locator("input[name=displayName]").FillAsync("王强");
        await form.Locator("select[name=role]").SelectOptionAsync("liaison");
        await form.Locator("input[name=unit]").FillAsync("SW");
        await form.GetByRole(AriaRole.Button, new() { Name = "开通" }).ClickAsync();
        var opened = admin.GetByTestId("accounts-message");
        await Expect(opened).ToContainTextAsync("临时密码");
        var temporary = TemporaryPassword().Match(await opened.InnerTextAsync()).Groups[1].Value;

        var tag = Guid.NewGuid().ToString("N")[..6];
        await admin.Locator("input[name=roster]").SetInputFilesAsync(new FilePayload
        {
            Name = "花名册.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"name,login,role,unit\n李娜,li.{tag},grid-worker,LW-HL-01-G01\n吴十,wu.{tag},liaison,LW-HL\n"),
        });
        await admin.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Expect(admin.GetByTestId("import-report")).ToContainTextAsync("开通 1 个，未开通 1 个");
        await Expect(admin.GetByTestId("import-report")).ToContainTextAsync("须绑定到部门");
        await Workbench.ScreenshotAsync(admin, "accounts");

        var liaison = await workbench.NewPageAsync();
        await AccountSignInAsync(liaison, login, temporary, LiaisonPassword, enrolAuthenticator: false);
        await Expect(liaison.GetByTestId("who")).ToContainTextAsync("王强 · 部门联络员");
        var logged = await system.LogCallAsync(new
        {
            itemCode = "WATER-01", gridCode = "LW-HL-01-G01", description = "路口水管爆裂，水漫路面", channel = "walk-in",
        });
        await system.WaitUntilRoutedAsync(logged.CaseId);
        // The queue was drawn at sign-in, before the case: ask again.
        await liaison.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        var card = liaison.Locator($"li[data-tracking='{logged.TrackingNumber}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "认领" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        var history = await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history");
        Assert.Contains(history!, step => step.ToString().Contains($"liaison:SW:{login}", StringComparison.Ordinal));

        await liaison.GetByRole(AriaRole.Link, new() { Name = "退出" }).ClickAsync();
        await Expect(liaison.GetByTestId("account-sign-in")).ToBeVisibleAsync();
        await Expect(liaison.GetByTestId("who")).ToBeHiddenAsync();

        await admin.GotoAsync("/#/accounts");
        await admin.Locator($"tr[data-login='{login}']").GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        await Expect(admin.GetByTestId("accounts-message")).ToContainTextAsync("已停用");
        await liaison.GetByTestId("account-sign-in").ClickAsync();
        await liaison.Locator("input[name=login]").FillAsync(login);
        await liaison.Locator("input[name=password]").FillAsync(LiaisonPassword);
        await liaison.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(liaison.GetByRole(AriaRole.Alert)).ToContainTextAsync("该账号已停用");
    }

    /// <summary>The workbench's account sign-in, through the identity service's pages, with a first-time password change.</summary>
    private static async Task AccountSignInAsync(
        IPage page, string login, string password, string newPassword, bool enrolAuthenticator)
    {
        await page.GotoAsync("/#/signin");
        await page.GetByTestId("account-sign-in").ClickAsync();
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "设置新密码" })).ToBeVisibleAsync();
        await page.Locator("input[name=current]").FillAsync(password);
        await page.Locator("input[name=password]").FillAsync(newPassword);
        await page.Locator("input[name=repeat]").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并继续" }).ClickAsync();
        if (enrolAuthenticator)
        {
            var key = await page.GetByTestId("authenticator-key").InnerTextAsync();
            await page.Locator("input[name=code]").FillAsync(OidcSignIn.Code(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "绑定并继续" }).ClickAsync();
        }

        await Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }

    [GeneratedRegex("临时密码：(\\S+?)（")]
    private static partial Regex TemporaryPassword();
}
