using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Identity;

/// <summary>Settings under <c>Identity</c>.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>
    /// The workbench's addresses a sign-in may return to (its origin, e.g. <c>http://localhost:8080/</c>).
    /// </summary>
    public List<string> WorkbenchAddresses { get; set; } = [];

    /// <summary>Roles that must sign in with an authenticator app as well (双因素); admins and supervisors.</summary>
    public List<string> TwoFactorRoles { get; set; } = [Roles.Admin, Roles.Supervisor];

    /// <summary>
    /// The first admin, made when there is no account yet; the password comes from the install's secrets.
    /// </summary>
    public string FirstAdminLogin { get; set; } = "admin";

    public string FirstAdminPassword { get; set; } = string.Empty;

    /// <summary>
    /// A roster CSV (name, login, role, unit) imported at the first start, with <see cref="DemoPassword"/> for
    /// everyone in it: the demo install's one account per role. Empty in a real district.
    /// </summary>
    public string DemoRoster { get; set; } = string.Empty;

    public string DemoPassword { get; set; } = string.Empty;

    /// <summary>Access tokens live at most 15 minutes; the workbench renews them with its refresh token.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A sign-in lasts a working shift; then the person signs in again.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
