using System.Diagnostics;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Http;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// Opens lightweight sessions that stamp each appended event with the current span's W3C
/// <c>traceparent</c>, so the outbox can publish it later as part of the same trace. (Marten itself
/// records the trace id as the correlation id.) A session opened for an HTTP request gives each of its
/// statements <see cref="RequestTimeout"/>; one opened elsewhere (a consumer, a poller) has none.
/// </summary>
internal sealed class TracedSessionFactory(IDocumentStore store, IHttpContextAccessor http, RequestTimeout timeout)
    : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(Options());

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession(Options());
        if (Activity.Current?.Id is { } traceParent)
        {
            session.SetHeader(TraceHeaders.TraceParent, traceParent);
        }

        return session;
    }

    private SessionOptions Options() =>
        http.HttpContext is null ? new SessionOptions() : new SessionOptions { Timeout = timeout.Seconds };
}

/// <summary>The event header names that carry W3C trace context.</summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
}
