using System.Globalization;
using CallResponse.ServiceDefaults.Auth;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Identity.Accounts;

/// <summary>
/// <c>POST /api/identity/accounts/import</c>: a roster (花名册) as CSV with the header <c>name,login,role,unit</c>.
/// Each row is created on its own or refused with its reason; one bad row does not stop the others.
/// </summary>
public static class RosterImport
{
    public const int MaxRows = 2000;

    /// <param name="Row">The row's line number in the file (the header is line 1).</param>
    /// <param name="TemporaryPassword">For a created account: given to the person once.</param>
    /// <param name="Refusal">For a refused row: why, in words for the admin.</param>
    public sealed record RowReport(int Row, string? Login, bool Created, string? TemporaryPassword, string? Refusal);

    public sealed record Report(int Created, int Refused, IReadOnlyList<RowReport> Rows);

    private sealed record RosterRow(string? Name, string? Login, string? Role, string? Unit);

    public static async Task<Results<Ok<Report>, ValidationProblem>> ImportAsync(
        HttpContext http, AccountAdministration admin, CancellationToken cancellationToken)
    {
        var actor = Actor.From(http.User).UserId;
        if (http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return AccountEndpoints.Invalid("body", "请上传 CSV 文件 (Content-Type: text/csv)，表头为 name,login,role,unit。");
        }

        using var reader = new StreamReader(http.Request.Body);
        var (report, unreadable) = await RunAsync(
            admin, actor, await reader.ReadToEndAsync(cancellationToken), null, cancellationToken);
        return report is null ? AccountEndpoints.Invalid("body", unreadable!) : TypedResults.Ok(report);
    }

    /// <summary>
    /// Creates the roster's accounts, each with a temporary password, or <paramref name="password"/> for all (the
    /// demo install's seed); or says why the file cannot be read.
    /// </summary>
    public static async Task<(Report? Report, string? Unreadable)> RunAsync(
        AccountAdministration admin, string actor, string csv, string? password, CancellationToken cancellationToken)
    {
        var rows = Read(csv, out var unreadable);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        var reports = new List<RowReport>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, row) in rows)
        {
            if (row.Login is not null && !seen.Add(row.Login))
            {
                reports.Add(new RowReport(line, row.Login, false, null, "同一登录名在表中出现多次。"));
                continue;
            }

            var (created, refusal) = await admin.CreateAsync(
                actor, row.Login, row.Name, row.Role, row.Unit, password, cancellationToken);
            reports.Add(new RowReport(line, row.Login, created is not null, created?.TemporaryPassword, refusal));
        }

        var (made, refused) = (reports.Count(r => r.Created), reports.Count(r => !r.Created));
        await admin.AuditAsync(
            actor, "roster-imported", "roster", $"{made} created, {refused} refused", cancellationToken);
        return (new Report(made, refused, reports), null);
    }

    private static List<(int Line, RosterRow Row)> Read(string csv, out string? unreadable)
    {
        unreadable = null;
        var rows = new List<(int, RosterRow)>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = header => header.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
        };
        try
        {
            using var parser = new CsvReader(new StringReader(csv.TrimStart('\uFEFF')), configuration);
            if (!parser.Read() || !parser.ReadHeader()
                || !new[] { "name", "login", "role", "unit" }.All(column => parser.HeaderRecord!.Contains(column)))
            {
                unreadable = "CSV 须有表头 name,login,role,unit。";
                return rows;
            }

            while (parser.Read())
            {
                if (rows.Count == MaxRows)
                {
                    unreadable = $"一次最多导入 {MaxRows} 行，请分批导入。";
                    return rows;
                }

                rows.Add((parser.Parser.Row, new RosterRow(
                    Field(parser, "name"), Field(parser, "login"), Field(parser, "role"), Field(parser, "unit"))));
            }
        }
        catch (CsvHelperException)
        {
            unreadable = "CSV 无法读取：请检查引号与分隔符。";
        }

        return rows;
    }

    private static string? Field(CsvReader parser, string column) =>
        parser.GetField(column) is { Length: > 0 } value ? value : null;
}
