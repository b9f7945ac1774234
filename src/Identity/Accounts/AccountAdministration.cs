using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;

namespace CallResponse.Identity.Accounts;

/// <summary>
/// What an admin does to accounts (账号管理): create, bind, disable, enable, reset a password. Each change is
/// checked, saved and audited here, whether it came from the API, the roster import or the demo seed.
/// </summary>
public sealed partial class AccountAdministration(
    UserManager<StaffAccount> users,
    IdentityStore store,
    Units units,
    TimeProvider clock)
{
    /// <summary>A created account, with the password its owner changes at the first sign-in.</summary>
    public sealed record Created(StaffAccount Account, string TemporaryPassword);

    /// <summary>Creates an account, or says why not (in Chinese, for the admin).</summary>
    public async Task<(Created? Created, string? Refusal)> CreateAsync(
        string actor, string? login, string? displayName, string? role, string? unit, string? password,
        CancellationToken cancellationToken)
    {
        if (login is null || !LoginPattern().IsMatch(login))
        {
            return (null, "登录名须为 3–32 位小写字母、数字或 . _ -，以字母或数字开头。");
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > StaffAccount.DisplayNameMaxLength)
        {
            return (null, $"请填写姓名 (不超过 {StaffAccount.DisplayNameMaxLength} 字)。");
        }

        if (await units.RefusalAsync(role, unit, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }

        if (await users.FindByNameAsync(login) is not null)
        {
            return (null, $"登录名 {login} 已被使用。");
        }

        var now = clock.GetUtcNow();
        var account = new StaffAccount
        {
            UserName = login,
            DisplayName = displayName.Trim(),
            Role = role!,
            Unit = unit!,
            CreatedBy = actor,
            CreatedAt = now,
            ChangedBy = actor,
            ChangedAt = now,
        };
        var temporary = password ?? TemporaryPassword();
        var result = await users.CreateAsync(account, temporary);
        if (!result.Succeeded)
        {
            return (null, Describe(result));
        }

        await AuditAsync(actor, "created", login, $"{account.DisplayName}, {role} {unit}", cancellationToken);
        return (new Created(account, temporary), null);
    }

    /// <summary>Binds an account to another role and unit (改绑); its current sign-ins end.</summary>
    public async Task<string?> RebindAsync(
        string actor, StaffAccount account, string? role, string? unit, CancellationToken cancellationToken)
    {
        if (await units.RefusalAsync(role, unit, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var before = $"{account.Role} {account.Unit}";
        (account.Role, account.Unit) = (role!, unit!);
        return await SaveAsync(actor, account, "rebound", $"{before} → {role} {unit}", cancellationToken);
    }

    /// <summary>Disables (停用) or enables an account. A disabled one gets no token, new or renewed.</summary>
    public Task<string?> SetActiveAsync(
        string actor, StaffAccount account, bool active, CancellationToken cancellationToken)
    {
        account.Active = active;
        return SaveAsync(actor, account, active ? "enabled" : "disabled", string.Empty, cancellationToken);
    }

    /// <summary>Gives a new temporary password, clears a lockout and asks for a change at the next sign-in.</summary>
    public async Task<(string? Password, string? Refusal)> ResetPasswordAsync(
        string actor, StaffAccount account, CancellationToken cancellationToken)
    {
        var password = TemporaryPassword();
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var reset = await users.ResetPasswordAsync(account, token, password);
        if (!reset.Succeeded)
        {
            return (null, Describe(reset));
        }

        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        account.MustChangePassword = true;
        var refusal = await SaveAsync(actor, account, "password-reset", string.Empty, cancellationToken);
        return refusal is null ? (password, null) : (null, refusal);
    }

    public async Task AuditAsync(
        string actor, string action, string subject, string detail, CancellationToken cancellationToken)
    {
        store.Audit.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject, Detail = detail,
        });
        await store.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The people's words for the framework's password and name rules.</summary>
    public static string Describe(IdentityResult result) =>
        string.Join(" ", result.Errors.Select(error => Describe(error.Code)));

    private static string Describe(string code) => code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "密码至少 10 位。",
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "密码须含数字。",
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => "密码须含小写字母。",
        nameof(IdentityErrorDescriber.PasswordMismatch) => "当前密码不正确。",
        nameof(IdentityErrorDescriber.DuplicateUserName) => "登录名已被使用。",
        _ => $"未能保存 ({code})。",
    };

    private async Task<string?> SaveAsync(
        string actor, StaffAccount account, string action, string detail, CancellationToken cancellationToken)
    {
        (account.ChangedBy, account.ChangedAt) = (actor, clock.GetUtcNow());
        // A new security stamp ends the account's cookie sign-in; its refresh tokens are checked at each use.
        var result = await users.UpdateAsync(account);
        if (result.Succeeded)
        {
            await users.UpdateSecurityStampAsync(account);
            await AuditAsync(actor, action, account.UserName!, detail, cancellationToken);
            return null;
        }

        return Describe(result);
    }

    /// <summary>12 characters without look-alikes (0/O, 1/l), with a digit and a lower-case letter.</summary>
    private static string TemporaryPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(letters + digits, 10).ToList();
        chars.Add(RandomNumberGenerator.GetItems<char>(digits, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>("abcdefghjkmnpqrstuvwxyz", 1)[0]);
        return new string([.. chars]);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex LoginPattern();
}
