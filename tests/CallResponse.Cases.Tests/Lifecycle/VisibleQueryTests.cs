using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.Testing;
using Marten;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>
/// The cases list asks PostgreSQL <see cref="CaseAccess.Visible"/>; everything else asks
/// <see cref="CaseAccess.CanSee"/>. Over generated cases and actors (every role with every kind of unit,
/// fitting or not) the two see exactly the same cases.
/// </summary>
public sealed class VisibleQueryTests : IAsyncLifetime
{
    private static readonly string[] Grids = ["LW-HL-01-G01", "LW-HL-01-G02", "LW-HL-02-G01", "LW-JX-01-G01"];
    private static readonly string[] Departments = ["SW", "CG", "GA"];
    private static readonly string[] Levels =
    [
        AssignmentLevels.Department, AssignmentLevels.Grid, AssignmentLevels.Community, AssignmentLevels.Street,
        AssignmentLevels.TriageDesk, CaseAssignments.District,
    ];

    private TestDatabase database = null!;
    private DocumentStore store = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        store = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = "cases";
        });
    }

    public async Task DisposeAsync()
    {
        store.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_list_query_sees_exactly_the_cases_the_rule_lets_each_actor_see()
    {
        var random = new Random(20261203);
        var cases = Enumerable.Range(0, 400).Select(_ => Generated(random)).ToList();
        await using (var session = store.LightweightSession())
        {
            session.Store(cases.ToArray());
            await session.SaveChangesAsync();
        }

        var units = Grids.Concat(Grids.Select(Community)).Concat(Grids.Select(Street)).Append("LW")
            .Concat(Departments).Append(string.Empty).Distinct().ToList();
        var actors = Roles.All.Append("visitor")
            .SelectMany(role => units.Select(unit => new Actor($"u-{role}-{unit}", role, unit))).ToList();

        await using var query = store.QuerySession();
        foreach (var actor in actors)
        {
            var seen = await query.Query<Case>().Where(CaseAccess.Visible(actor)).Select(found => found.Id).ToListAsync();
            var expected = cases.Where(found => CaseAccess.CanSee(found, actor)).Select(found => found.Id);

            Assert.True(
                expected.Order().SequenceEqual(seen.Order()),
                $"A {actor.Role} of '{actor.Unit}': the query saw {seen.Count}, the rule {expected.Count()}.");
        }

        Assert.True(cases.Count * actors.Count >= 10_000);
    }

    private static Case Generated(Random random)
    {
        var grid = Grids[random.Next(Grids.Length)];
        var level = Levels[random.Next(Levels.Length)];
        var unit = level switch
        {
            AssignmentLevels.Department => Departments[random.Next(Departments.Length)],
            AssignmentLevels.Grid => grid,
            AssignmentLevels.Community => Community(grid),
            CaseAssignments.District => "LW",
            _ => Street(grid),
        };
        var some = () => Departments.Where(_ => random.Next(4) == 0).ToList();
        return Cases.Opened() with
        {
            Place = new Place(grid, Community(grid), Street(grid), "LW"),
            Status = random.Next(6) == 0 ? CaseStatus.Open : CaseStatus.Routed,
            Assignment = random.Next(6) == 0 ? null : new Assignment(level, unit, unit, []),
            AssistingDepartments = some(),
            SummonedDepartments = some(),
        };
    }

    private static string Community(string grid) => grid[..8];

    private static string Street(string grid) => grid[..5];
}
