using CallResponse.ServiceDefaults.Messaging;
using Marten;
using Marten.Exceptions;
using CallLogged = CallResponse.Contracts.Intake.CallLogged;

namespace CallResponse.Cases.Opening;

/// <summary>
/// Opens a case for each logged call, many calls to a transaction (a batch of up to
/// <see cref="BatchSize"/> deliveries, see <see cref="Batches"/>): the commit, not the consume, is
/// what a case costs.
/// The case's stream id is the call's id, so a redelivered <see cref="CallLogged"/> finds its case
/// open and changes nothing; if a concurrent batch opens one first, the collision fails this batch,
/// and its retry skips what now exists.
/// </summary>
public sealed class OpenCaseOnCallLogged(IDocumentSession session) : IBatchHandler<CallLogged>
{
    public const int BatchSize = 50;

    public async Task HandleAsync(IReadOnlyList<CallLogged> messages, CancellationToken cancellationToken)
    {
        var calls = messages.DistinctBy(call => call.CaseId).ToList();
        var open = (await session.LoadManyAsync<Case>(cancellationToken, calls.Select(call => call.CaseId)))
            .Select(found => found.Id)
            .ToHashSet();

        session.LastModifiedBy = "intake";
        foreach (var call in calls.Where(call => !open.Contains(call.CaseId)))
        {
            session.Events.StartStream<Case>(
                call.CaseId,
                new CaseAccepted(
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

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException collision) when (collision.Id is Guid caseId)
        {
            // Opened by a concurrent batch (the retry skips it), or its document is being rebuilt: wait for that.
            if (await session.LoadAsync<Case>(caseId, cancellationToken) is null)
            {
                throw new ReadModelBehindException($"The document of case {caseId} is being rebuilt.");
            }

            throw;
        }
    }
}
