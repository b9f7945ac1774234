using Microsoft.AspNetCore.Identity;

namespace CallResponse.Identity.Accounts;

/// <summary>
/// A member of staff who signs in (工作人员账号): a login (<c>UserName</c>), a display name,
/// one role bound to one unit, and who made and last changed it. Passwords, lockout and the authenticator key are
/// ASP.NET Core Identity's.
/// </summary>
public sealed class StaffAccount : IdentityUser
{
    public const int DisplayNameMaxLength = 50;

    public string DisplayName { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    /// <summary>A disabled account (停用) cannot sign in, and its refresh tokens stop working.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Set when an admin gave the password: the person chooses their own at the next sign-in.</summary>
    public bool MustChangePassword { get; set; } = true;

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string ChangedBy { get; set; } = string.Empty;

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>One change to accounts or clients (账号审计): who did what to whom, and when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The admin (or <c>system</c> for the seeded roster) who made the change.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>What was done: created, disabled, enabled, rebound, password-reset, client-created…</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The login or client id changed.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>What changed, e.g. <c>liaison SW → liaison CG</c>; never a password.</summary>
    public string Detail { get; set; } = string.Empty;
}
