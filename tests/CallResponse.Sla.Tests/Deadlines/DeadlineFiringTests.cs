using System.Text.Json;
using CallResponse.Contracts.Cases;
using CallResponse.Sla.Deadlines;
using CallResponse.Sla.Notices;
using CallResponse.Testing;

namespace CallResponse.Sla.Tests.Deadlines;

/// <summary>
/// Deadlines through faults, on the SLA service as a process: a commit that fails after a breach was
/// decided, a breach the broker refuses after its commit, a wake-up parked on its way, steps delivered out
/// of order, and a database upgraded from the wake-up table before leases.
/// </summary>
public sealed class DeadlineFiringTests(SlaService service) : IClassFixture<SlaService>
{
    [Fact]
    public async Task The_wakeup_table_of_an_earlier_version_gains_its_lease_column_at_start()
    {
        Assert.Equal(1L, await service.Database.ScalarAsync<long>(
            """
            select count(*) from information_schema.columns
            where table_schema = 'sla' and table_name = 'deadline_wakeups' and column_name = 'leased_until'
            """));
    }

    [Fact]
    public async Task A_breach_whose_state_cannot_commit_is_never_published()
    {
        var caseId = await service.RouteAsync("PT6S");
        await RefuseBreachesAsync(caseId);
        try
        {
            await Eventually.GetAsync(
                () => Task.FromResult(service.Warnings.Any(warned => warned.CaseId == caseId)),
                warned => warned,
                TimeSpan.FromSeconds(30),
                "the warning");

            await Task.Delay(TimeSpan.FromSeconds(8)); // past the due time: the breach was decided, its commit refused

            Assert.DoesNotContain(service.Breaches, breached => breached.CaseId == caseId);
            var response = (await service.DeadlinesAsync(caseId, _ => true)).Single();
            Assert.Equal("warned", State(response));
        }
        finally
        {
            await AllowBreachesAsync(caseId);
        }
    }

    [Fact]
    public async Task A_breach_the_broker_refused_after_its_commit_is_published_once_the_broker_takes_it()
    {
        var caseId = await service.RouteAsync("PT4S");
        await service.Broker.RefuseWritesAsync("CallResponse.Contracts.Sla:SlaBreached");
        try
        {
            await service.DeadlinesAsync(caseId, found => State(found.Single()) == "breached", 30);
            await Task.Delay(TimeSpan.FromSeconds(3)); // the breach is committed; each try to publish it is refused

            Assert.DoesNotContain(service.Breaches, breached => breached.CaseId == caseId);
            Assert.Equal(1L, await PendingNoticesAsync(caseId));
        }
        finally
        {
            await service.Broker.RestoreAsync();
        }

        await Eventually.GetAsync(
            () => Task.FromResult(service.Breaches.Count(breached => breached.CaseId == caseId)),
            heard => heard > 0,
            TimeSpan.FromSeconds(30),
            "the breach, once the broker takes it");
        // The outbox row goes after the broker confirms, so the subscriber may hear the breach a moment before.
        await Eventually.GetAsync(
            () => PendingNoticesAsync(caseId), pending => pending == 0, TimeSpan.FromSeconds(10), "the notice row to go");
    }

    [Fact]
    public async Task A_wakeup_whose_message_was_parked_fires_again_after_its_lease()
    {
        var caseId = await service.RouteAsync("PT4S");
        await RefuseBreachesAsync(caseId);
        await Task.Delay(TimeSpan.FromSeconds(8)); // due; its handling failed, retried once and was parked
        await AllowBreachesAsync(caseId);

        var deadlines = await service.DeadlinesAsync(caseId, found => State(found.Single()) == "breached", 30);

        Assert.Single(deadlines);
        await Eventually.GetAsync(
            () => Task.FromResult(service.Breaches.Count(breached => breached.CaseId == caseId)),
            heard => heard > 0,
            TimeSpan.FromSeconds(10),
            "the breach");
        await Task.Delay(TimeSpan.FromSeconds(4)); // a lease later: the handled wake-up is gone, nothing fires again
        Assert.Single(service.Breaches, breached => breached.CaseId == caseId);
    }

    [Fact]
    public async Task A_wakeup_of_a_case_the_service_does_not_know_is_deleted_once_fired()
    {
        var (caseId, deadlineId) = (Guid.NewGuid(), Guid.NewGuid());
        await service.ExecuteAsync(
            $"""
            insert into sla.deadline_wakeups (id, case_id, deadline_id, phase, fire_at) values
                ('{DeadlineWakeups.IdFor(deadlineId, DeadlineWakeups.Due)}', '{caseId}', '{deadlineId}', 'due',
                 now() - interval '1 second')
            """);

        await Eventually.GetAsync(
            () => service.Database.ScalarAsync<long>(
                "select count(*) from sla.deadline_wakeups where case_id = $1", caseId),
            left => left == 0,
            TimeSpan.FromSeconds(20),
            "the orphan wake-up's row to go");
    }

    [Fact]
    public async Task An_older_step_handled_after_a_newer_one_changes_nothing()
    {
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await service.PublishAsync(SlaService.Routed(caseId, "SW", at, "PT1H", 2));
        await service.DeadlinesAsync(caseId, found => found.Length == 1);
        // SW returned it (version 3) and the street's dispatcher routed it by hand to CG (version 4): the
        // routing is handled first, the return after it.
        await service.PublishAsync(SlaService.Routed(caseId, "CG", at.AddMinutes(2), "PT1H", 4));
        await service.DeadlinesAsync(caseId, found => found.Length == 2);
        await service.PublishAsync(new CaseReturned(caseId, "SW", "不属于本单位", at.AddMinutes(1), 3));
        await service.PublishAsync(new WhistleBlown(caseId, ["D01"], at.AddHours(1), at.AddMinutes(3), 5));

        var deadlines = await service.DeadlinesAsync(
            caseId, found => found.Any(deadline => Kind(deadline) == "whistle:D01"));

        var open = deadlines.Where(deadline => Kind(deadline) == "response" && State(deadline) == "pending");
        Assert.Equal("CG", Assert.Single(open).GetProperty("unit").GetString());
        Assert.Equal(2, deadlines.Count(deadline => Kind(deadline) == "response"));
    }

    private static string? Kind(JsonElement deadline) => deadline.GetProperty("kind").GetString();

    private static string? State(JsonElement deadline) => deadline.GetProperty("state").GetString();

    /// <summary>The case's notices committed and not yet published.</summary>
    private Task<long> PendingNoticesAsync(Guid caseId) => service.Database.ScalarAsync<long>(
        $"select count(*) from {NoticeOutbox.Table} where body ->> 'CaseId' = '{caseId}'");

    /// <summary>The case's SLA state can no longer be stored with a breach in it, as if each commit failed.</summary>
    private Task RefuseBreachesAsync(Guid caseId) => service.ExecuteAsync(
        $"""
        create or replace function sla.refuse_breach() returns trigger language plpgsql
            as $$ begin raise exception 'the test refuses this commit'; end $$;
        create trigger "refuse_{caseId:N}" before update on sla.mt_doc_caseslastate for each row
            when (new.id = '{caseId}' and new.data::text like '%"breached"%') execute function sla.refuse_breach();
        """);

    private Task AllowBreachesAsync(Guid caseId) =>
        service.ExecuteAsync($"""drop trigger "refuse_{caseId:N}" on sla.mt_doc_caseslastate""");
}
