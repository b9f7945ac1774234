using System.Text.Json;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;

namespace CallResponse.Identity.Accounts;

/// <summary>
/// The units accounts may be bound to: the areas of routing's tree and the departments of its catalogue, read
/// again when the last reading is a minute old, so a new grid or department is known soon and a roster of
/// thousands of rows reads them once.
/// </summary>
public sealed class Units(IServiceProvider services, TimeProvider clock)
{
    public const string RoutingClient = "routing";
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);
    private Reading? reading; // replaced whole, so concurrent requests see one reading or the next

    /// <summary>Why <paramref name="role"/> cannot be bound to <paramref name="unit"/>, or null when it can.</summary>
    public async Task<string?> RefusalAsync(string? role, string? unit, CancellationToken cancellationToken)
    {
        if (role is null || !Roles.All.Contains(role))
        {
            return $"角色须为以下之一: {string.Join(", ", Roles.All)}。";
        }

        if (string.IsNullOrWhiteSpace(unit))
        {
            return "请填写所属单位编码。";
        }

        var known = await KnownAsync(cancellationToken);
        if (!known.TryGetValue(unit, out var level))
        {
            return $"单位 {unit} 不存在于区域树或部门目录中。";
        }

        return ActorCheck.LevelsOf(role).Contains(level)
            ? null
            : $"{role} 须绑定到{string.Join("或", ActorCheck.LevelsOf(role).Select(Word))}，{unit} 是{Word(level)}。";
    }

    private static string Word(UnitLevel level) => level switch
    {
        UnitLevel.District => "区",
        UnitLevel.Street => "街道",
        UnitLevel.Community => "社区",
        UnitLevel.Grid => "网格",
        _ => "部门",
    };

    /// <summary>Waits for routing, which may start after this service, before the first accounts are bound.</summary>
    public async Task WaitForRoutingAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            try
            {
                await KnownAsync(cancellationToken);
                return;
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, UnitLevel>> KnownAsync(CancellationToken cancellationToken)
    {
        if (reading is { } last && clock.GetUtcNow() - last.At < FreshFor)
        {
            return last.Units;
        }

        var known = new Dictionary<string, UnitLevel>(StringComparer.Ordinal);
        var areas = await services.GetDocumentAsync<JsonElement>(RoutingClient, "/api/areas", cancellationToken);
        AddAreas(areas, known);
        var catalogue = await services.GetDocumentAsync<JsonElement>(
            RoutingClient, "/api/catalogue", cancellationToken);
        foreach (var department in catalogue.GetProperty("departments").EnumerateArray())
        {
            known[department.GetProperty("code").GetString()!] = UnitLevel.Department;
        }

        reading = new Reading(clock.GetUtcNow(), known);
        return known;
    }

    private static void AddAreas(JsonElement area, Dictionary<string, UnitLevel> known)
    {
        if (Enum.TryParse<UnitLevel>(area.GetProperty("level").GetString(), ignoreCase: true, out var level))
        {
            known[area.GetProperty("code").GetString()!] = level;
        }

        foreach (var child in area.GetProperty("children").EnumerateArray())
        {
            AddAreas(child, known);
        }
    }

    private sealed record Reading(DateTimeOffset At, Dictionary<string, UnitLevel> Units);
}
