using Marten;
using MassTransit;
using CallLogged = CallResponse.Contracts.Intake.CallLogged;

namespace CallResponse.Cases.Opening;

/// <summary>
/// Opens a case for each logged call, many calls to a transaction (a batch of up to
/// <see cref="BatchSize"/> deliveries): the commit, not the consume, is what a case costs.
/// The case's stream id is the call's id, so a redelivered <see cref="CallLogged"/> finds its case
/// open and changes nothing; if a concurrent batch opens one first, the collision fails this batch,
/// and its retry skips what now exists.
/// </summary>
public sealed class OpenCaseOnCallLogged(IDocumentSession session) : IConsumer<Batch<CallLogged>>
{
    public const int BatchSize = 50;

    public async Task Consume(ConsumeContext<Batch<CallLogged>> context)
    {
        var calls = context.Message.Select(delivery => delivery.Message).DistinctBy(call => call.CaseId).ToList();
        var open = (await session.LoadManyAsync<Case>(context.CancellationToken, calls.Select(call => call.CaseId)))
            .Select(found => found.Id)
            .ToHashSet();

        session.LastModifiedBy = "intake";
        foreach (var call in calls.Where(call => !open.Contains(call.CaseId)))
        {
            session.Events.StartStream<Case>(
                call.CaseId,
                new CaseOpened(
                    call.CaseId,
                    call.TrackingNumber,
                    call.ItemCode,
                    call.GridCode,
                    call.Description,
                    call.Channel,
                    call.ReportedAt,
                    call.LoggedAt,
                    call.LoggedBy,
                    call.CommunityCode,
                    call.StreetCode,
                    call.DistrictCode));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
