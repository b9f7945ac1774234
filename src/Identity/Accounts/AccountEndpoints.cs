using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CallResponse.Identity.Accounts;

/// <summary>
/// <c>/api/identity/accounts</c> and <c>/api/identity/audit</c>, for admins only (账号管理): list, create, bind,
/// disable, enable and reset accounts, import a roster, read the audit of every change.
/// </summary>
public static class AccountEndpoints
{
    public const int MaxPageSize = 200;

    /// <summary>An account as the API shows it (never a password or its hash).</summary>
    public sealed record AccountView(
        string Login, string DisplayName, string Role, string Unit, bool Active, bool Locked, bool TwoFactor,
        bool MustChangePassword, string CreatedBy, DateTimeOffset CreatedAt, string ChangedBy,
        DateTimeOffset ChangedAt);

    public sealed record Listing<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

    /// <param name="Login">3–32 lower-case letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="DisplayName">The person's name (姓名).</param>
    /// <param name="Role">One of the six roles.</param>
    /// <param name="Unit">A unit of the role's level: grid, community, street, department or the district.</param>
    public sealed record NewAccount(string? Login, string? DisplayName, string? Role, string? Unit);

    /// <param name="TemporaryPassword">Given to the person once; they choose their own at the first sign-in.</param>
    public sealed record CreatedAccount(AccountView Account, string TemporaryPassword);

    public sealed record Binding(string? Role, string? Unit);

    public sealed record PasswordReset(string TemporaryPassword);

    public sealed record AuditView(DateTimeOffset At, string Actor, string Action, string Subject, string Detail);

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/api/identity")
            .WithTags("Accounts")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        accounts.MapGet("/accounts", ListAsync)
            .WithSummary("Accounts, filtered by role, unit, state or a part of the login or name; paged, by login.");
        accounts.MapPost("/accounts", CreateAsync)
            .WithSummary("Create an account (开通账号); answers its temporary password once.");
        accounts.MapPut("/accounts/{login}/binding", RebindAsync)
            .WithSummary("Bind an account to another role and unit (改绑).");
        accounts.MapPost("/accounts/{login}/disable", (string login, HttpContext http, AccountAdministration admin) =>
                SetActiveAsync(login, false, http, admin))
            .WithSummary("Disable an account (停用): it gets no new or renewed token.");
        accounts.MapPost("/accounts/{login}/enable", (string login, HttpContext http, AccountAdministration admin) =>
                SetActiveAsync(login, true, http, admin))
            .WithSummary("Enable a disabled account again (启用).");
        accounts.MapPost("/accounts/{login}/password-reset", ResetAsync)
            .WithSummary("Give a new temporary password (重置密码) and clear a lockout.");
        accounts.MapPost("/accounts/import", RosterImport.ImportAsync)
            .Accepts<string>("text/csv")
            .WithSummary("Import a roster CSV (name,login,role,unit): each row created, or refused and why.");
        accounts.MapGet("/audit", AuditAsync)
            .WithSummary("Every change to accounts and clients, newest first; by subject (login or client id).");
        return endpoints;
    }

    /// <param name="role">Only accounts of this role.</param>
    /// <param name="unit">Only accounts bound to this unit.</param>
    /// <param name="active">Only active (true) or disabled (false) accounts.</param>
    /// <param name="q">A part of the login or the display name.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1–200, 50 by default.</param>
    private static async Task<Results<Ok<Listing<AccountView>>, ValidationProblem>> ListAsync(
        IdentityStore store,
        UserManager<StaffAccount> users,
        string? role,
        string? unit,
        bool? active,
        string? q,
        int page = 1,
        int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        if (PagingRefusal(page, pageSize) is { } refusal)
        {
            return refusal;
        }

        var query = store.Users.AsNoTracking();
        query = role is null ? query : query.Where(account => account.Role == role);
        query = unit is null ? query : query.Where(account => account.Unit == unit);
        query = active is null ? query : query.Where(account => account.Active == active);
        query = string.IsNullOrWhiteSpace(q)
            ? query
            : query.Where(account => account.UserName!.Contains(q) || account.DisplayName.Contains(q));
        var total = await query.CountAsync(cancellationToken);
        var found = await query.OrderBy(account => account.UserName)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var views = found.Select(account => View(account, now)).ToList();
        return TypedResults.Ok(new Listing<AccountView>(views, page, pageSize, total));
    }

    private static async Task<Results<Created<CreatedAccount>, ValidationProblem>> CreateAsync(
        NewAccount request, HttpContext http, AccountAdministration admin, CancellationToken cancellationToken)
    {
        var (created, refusal) = await admin.CreateAsync(
            Actor.From(http.User).UserId, request.Login, request.DisplayName, request.Role, request.Unit, null,
            cancellationToken);
        return created is null
            ? Invalid("account", refusal!)
            : TypedResults.Created(
                $"/api/identity/accounts/{created.Account.UserName}",
                new CreatedAccount(View(created.Account, DateTimeOffset.UtcNow), created.TemporaryPassword));
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult, ValidationProblem>> RebindAsync(
        string login, Binding request, HttpContext http, AccountAdministration admin, UserManager<StaffAccount> users,
        CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(login) is not { } account)
        {
            return NoSuchAccount(login);
        }

        var actor = Actor.From(http.User).UserId;
        var refusal = await admin.RebindAsync(actor, account, request.Role, request.Unit, cancellationToken);
        return refusal is null ? TypedResults.Ok(View(account, DateTimeOffset.UtcNow)) : Invalid("binding", refusal);
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult, ValidationProblem>> SetActiveAsync(
        string login, bool active, HttpContext http, AccountAdministration admin)
    {
        var users = http.RequestServices.GetRequiredService<UserManager<StaffAccount>>();
        if (await users.FindByNameAsync(login) is not { } account)
        {
            return NoSuchAccount(login);
        }

        var refusal = await admin.SetActiveAsync(Actor.From(http.User).UserId, account, active, http.RequestAborted);
        return refusal is null ? TypedResults.Ok(View(account, DateTimeOffset.UtcNow)) : Invalid("account", refusal);
    }

    private static async Task<Results<Ok<PasswordReset>, ProblemHttpResult, ValidationProblem>> ResetAsync(
        string login, HttpContext http, AccountAdministration admin, UserManager<StaffAccount> users,
        CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(login) is not { } account)
        {
            return NoSuchAccount(login);
        }

        var actor = Actor.From(http.User).UserId;
        var (password, refusal) = await admin.ResetPasswordAsync(actor, account, cancellationToken);
        return password is null ? Invalid("account", refusal!) : TypedResults.Ok(new PasswordReset(password));
    }

    /// <param name="subject">Only changes to this login or client id.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1–200, 50 by default.</param>
    private static async Task<Results<Ok<Listing<AuditView>>, ValidationProblem>> AuditAsync(
        IdentityStore store,
        string? subject,
        int page = 1,
        int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        if (PagingRefusal(page, pageSize) is { } refusal)
        {
            return refusal;
        }

        var query = store.Audit.AsNoTracking();
        query = subject is null ? query : query.Where(entry => entry.Subject == subject);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(entry => entry.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(entry => new AuditView(entry.At, entry.Actor, entry.Action, entry.Subject, entry.Detail))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Listing<AuditView>(entries, page, pageSize, total));
    }

    internal static AccountView View(StaffAccount account, DateTimeOffset now) => new(
        account.UserName!, account.DisplayName, account.Role, account.Unit, account.Active,
        account.LockoutEnd > now, account.TwoFactorEnabled, account.MustChangePassword,
        account.CreatedBy, account.CreatedAt, account.ChangedBy, account.ChangedAt);

    internal static ValidationProblem? PagingRefusal(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["页码从 1 开始。"];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"每页 1–{MaxPageSize} 条。"];
        }

        return errors.Count > 0 ? ProblemResponses.Invalid(errors) : null;
    }

    internal static ValidationProblem Invalid(string field, string reason) =>
        ProblemResponses.Invalid(new Dictionary<string, string[]> { [field] = [reason] });

    private static ProblemHttpResult NoSuchAccount(string login) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "账号不存在。", detail: $"没有登录名为 {login} 的账号。");
}
