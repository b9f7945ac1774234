using System.Diagnostics;
using Marten;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// Opens lightweight sessions that stamp each appended event with the current trace context, so the
/// outbox can publish it later as part of the same trace.
/// </summary>
internal sealed class TracedSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (Activity.Current is { } activity)
        {
            session.CorrelationId = activity.TraceId.ToString();
            session.SetHeader(TraceHeaders.TraceParent, activity.Id!);
        }

        return session;
    }
}

/// <summary>The event header names that carry W3C trace context.</summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
}
