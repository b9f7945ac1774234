using Marten;
using Marten.Exceptions;
using MassTransit;
using CallLogged = CallResponse.Contracts.Intake.CallLogged;

namespace CallResponse.Cases.Opening;

/// <summary>
/// Opens a case for each logged call. The case's stream id is the call's id, so a redelivered
/// <see cref="CallLogged"/> finds the stream already there and changes nothing.
/// </summary>
public sealed class OpenCaseOnCallLogged(IDocumentSession session, ILogger<OpenCaseOnCallLogged> logger) : IConsumer<CallLogged>
{
    public async Task Consume(ConsumeContext<CallLogged> context)
    {
        var call = context.Message;
        session.LastModifiedBy = call.LoggedBy;
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
                call.LoggedBy));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            Log.AlreadyOpen(logger, call.CaseId);
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} is already open; redelivery ignored")]
    public static partial void AlreadyOpen(ILogger logger, Guid caseId);
}
