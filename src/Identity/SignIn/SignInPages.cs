using System.Web;
using CallResponse.Identity.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace CallResponse.Identity.SignIn;

/// <summary>
/// The Chinese sign-in pages (登录): password, then the authenticator code where the account has one; a forced
/// password change and the authenticator's enrolment come before any token (<see cref="NextStep"/>).
/// </summary>
public static class SignInPages
{
    public const string LoginPath = "/account/login";
    public const string TwoFactorPath = "/account/two-factor";
    public const string PasswordPath = "/account/password";
    public const string AuthenticatorPath = "/account/authenticator";

    public sealed record LoginForm(string? Login, string? Password, string? ReturnUrl);

    public sealed record CodeForm(string? Code, string? ReturnUrl);

    public sealed record PasswordForm(string? Current, string? Password, string? Repeat, string? ReturnUrl);

    /// <summary>Where an account signed in by password must go before it may have a token, or null.</summary>
    public static string? NextStep(StaffAccount account, IdentitySettings settings) =>
        account.MustChangePassword ? PasswordPath
        : settings.TwoFactorRoles.Contains(account.Role) && !account.TwoFactorEnabled ? AuthenticatorPath
        : null;

    public static IEndpointRouteBuilder MapSignInPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/login", (HttpContext http, string? returnUrl) => LoginPage(http, returnUrl, null));
        pages.MapPost("/login", LoginAsync);
        pages.MapGet("/two-factor", (HttpContext http, string? returnUrl) => TwoFactorPage(http, returnUrl, null));
        pages.MapPost("/two-factor", TwoFactorAsync);
        pages.MapGet("/password", (HttpContext http, string? returnUrl) => PasswordPage(http, returnUrl, null));
        pages.MapPost("/password", ChangePasswordAsync);
        pages.MapGet(
            "/authenticator", (HttpContext http, string? returnUrl) => AuthenticatorPageAsync(http, returnUrl, null));
        pages.MapPost("/authenticator", EnrolAsync);
        return endpoints;
    }

    private static IResult LoginPage(HttpContext http, string? returnUrl, string? error) => Page.Form(
        http, "登录工作台", error, LoginPath,
        Page.Field("登录名", "login", "text", "username"),
        Page.Field("密码", "password", "password", "current-password"),
        Page.ReturnTo(returnUrl),
        Page.Submit("登录"));

    private static async Task<IResult> LoginAsync(
        [FromForm] LoginForm form, HttpContext http, SignInManager<StaffAccount> signIn, IdentitySettings settings)
    {
        var account = form.Login is null ? null : await signIn.UserManager.FindByNameAsync(form.Login.Trim());
        if (account is null || string.IsNullOrEmpty(form.Password))
        {
            return LoginPage(http, form.ReturnUrl, "登录名或密码不正确。");
        }

        if (!account.Active)
        {
            return LoginPage(http, form.ReturnUrl, "该账号已停用，请联系管理员。");
        }

        var result = await signIn.PasswordSignInAsync(
            account, form.Password, isPersistent: false, lockoutOnFailure: true);
        var returnUrl = Page.LocalOr(form.ReturnUrl, "/");
        if (result.RequiresTwoFactor)
        {
            return Results.LocalRedirect($"{TwoFactorPath}?returnUrl={HttpUtility.UrlEncode(returnUrl)}");
        }

        if (result.IsLockedOut)
        {
            return LoginPage(http, form.ReturnUrl, "密码错误次数过多，账号已锁定 15 分钟。");
        }

        return result.Succeeded
            ? Results.LocalRedirect(Continue(NextStep(account, settings), returnUrl))
            : LoginPage(http, form.ReturnUrl, "登录名或密码不正确。");
    }

    private static IResult TwoFactorPage(HttpContext http, string? returnUrl, string? error) => Page.Form(
        http, "输入动态验证码", error, TwoFactorPath,
        Page.Text("请打开身份验证器应用，输入其中显示的 6 位验证码。"),
        Page.Field("验证码", "code", "text", "one-time-code"),
        Page.ReturnTo(returnUrl),
        Page.Submit("验证"));

    private static async Task<IResult> TwoFactorAsync(
        [FromForm] CodeForm form, HttpContext http, SignInManager<StaffAccount> signIn, IdentitySettings settings)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } account)
        {
            return LoginPage(http, form.ReturnUrl, "登录已超时，请重新输入密码。");
        }

        var code = Digits(form.Code);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.IsLockedOut)
        {
            return LoginPage(http, form.ReturnUrl, "验证失败次数过多，账号已锁定 15 分钟。");
        }

        return result.Succeeded
            ? Results.LocalRedirect(Continue(NextStep(account, settings), Page.LocalOr(form.ReturnUrl, "/")))
            : TwoFactorPage(http, form.ReturnUrl, "验证码不正确或已过期。");
    }

    private static IResult PasswordPage(HttpContext http, string? returnUrl, string? error) => Page.Form(
        http, "设置新密码", error, PasswordPath,
        Page.Text("首次登录或密码被重置后，请设置您自己的密码：至少 10 位，含数字和小写字母。"),
        Page.Field("当前密码", "current", "password", "current-password"),
        Page.Field("新密码", "password", "password", "new-password"),
        Page.Field("再次输入新密码", "repeat", "password", "new-password"),
        Page.ReturnTo(returnUrl),
        Page.Submit("保存并继续"));

    private static async Task<IResult> ChangePasswordAsync(
        [FromForm] PasswordForm form, HttpContext http, SignInManager<StaffAccount> signIn, IdentitySettings settings)
    {
        if (await SignedInAsync(http) is not { } account)
        {
            return ToLogin(form.ReturnUrl);
        }

        if (form.Password != form.Repeat)
        {
            return PasswordPage(http, form.ReturnUrl, "两次输入的新密码不一致。");
        }

        if (form.Password == form.Current)
        {
            return PasswordPage(http, form.ReturnUrl, "新密码不能与当前密码相同。");
        }

        var changed = await signIn.UserManager.ChangePasswordAsync(
            account, form.Current ?? string.Empty, form.Password ?? string.Empty);
        if (!changed.Succeeded)
        {
            return PasswordPage(http, form.ReturnUrl, AccountAdministration.Describe(changed));
        }

        account.MustChangePassword = false;
        await signIn.UserManager.UpdateAsync(account);
        await signIn.RefreshSignInAsync(account);
        return Results.LocalRedirect(Continue(NextStep(account, settings), Page.LocalOr(form.ReturnUrl, "/")));
    }

    private static async Task<IResult> AuthenticatorPageAsync(HttpContext http, string? returnUrl, string? error)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<StaffAccount>>();
        if (await SignedInAsync(http) is not { } account)
        {
            return ToLogin(returnUrl);
        }

        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(account);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString("你呼我应:" + account.UserName)}?secret={key}"
            + $"&issuer={Uri.EscapeDataString("你呼我应")}&digits=6";
        using var qr = new QRCodeGenerator().CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var image = Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(4));
        return Page.Form(
            http, "绑定身份验证器", error, AuthenticatorPath,
            Page.Text("您的角色须使用动态验证码登录。请用身份验证器应用扫描二维码，或手动输入密钥，然后输入应用显示的 6 位验证码。"),
            $"""<p><img alt="二维码" src="data:image/png;base64,{image}" width="200" height="200"></p>""",
            $"""<p>密钥：<code data-testid="authenticator-key">{Page.Encode(key)}</code></p>""",
            Page.Field("验证码", "code", "text", "one-time-code"),
            Page.ReturnTo(returnUrl),
            Page.Submit("绑定并继续"));
    }

    private static async Task<IResult> EnrolAsync(
        [FromForm] CodeForm form, HttpContext http, UserManager<StaffAccount> users, IdentitySettings settings)
    {
        if (await SignedInAsync(http) is not { } account)
        {
            return ToLogin(form.ReturnUrl);
        }

        var code = Digits(form.Code);
        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return await AuthenticatorPageAsync(http, form.ReturnUrl, "验证码不正确，请确认手机时间准确后重试。");
        }

        await users.SetTwoFactorEnabledAsync(account, true);
        return Results.LocalRedirect(Continue(NextStep(account, settings), Page.LocalOr(form.ReturnUrl, "/")));
    }

    /// <summary>
    /// The account of the sign-in cookie (the pages' own scheme; the API's default is the bearer token).
    /// </summary>
    internal static async Task<StaffAccount?> SignedInAsync(HttpContext http)
    {
        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return cookie.Succeeded
            ? await http.RequestServices.GetRequiredService<UserManager<StaffAccount>>().GetUserAsync(cookie.Principal)
            : null;
    }

    /// <summary>The code as an authenticator app shows it, without the space some put in its middle.</summary>
    private static string Digits(string? code) =>
        (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);

    private static IResult ToLogin(string? returnUrl) =>
        Results.LocalRedirect($"{LoginPath}?returnUrl={HttpUtility.UrlEncode(Page.LocalOr(returnUrl, "/"))}");

    private static string Continue(string? step, string returnUrl) =>
        step is null ? returnUrl : $"{step}?returnUrl={HttpUtility.UrlEncode(returnUrl)}";
}
