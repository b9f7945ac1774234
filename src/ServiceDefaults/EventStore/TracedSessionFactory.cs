using System.Diagnostics;
using Marten;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// Opens lightweight sessions that stamp each appended event with the current span's W3C
/// <c>traceparent</c>, so the outbox can publish it later as part of the same trace. (Marten itself
/// records the trace id as the correlation id.)
/// </summary>
internal sealed class TracedSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (Activity.Current?.Id is { } traceParent)
        {
            session.SetHeader(TraceHeaders.TraceParent, traceParent);
        }

        return session;
    }
}

/// <summary>The event header names that carry W3C trace context.</summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
}
