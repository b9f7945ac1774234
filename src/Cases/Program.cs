using CallResponse.Cases;
using CallResponse.Cases.Opening;
using CallResponse.Cases.Publishing;
using CallResponse.Cases.Reading;
using CallResponse.Cases.Routing;
using CallResponse.Cases.Triage;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Messaging;
using JasperFx.Events.Projections;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("cases", "CallResponse Cases (案件)");
builder.AddEventStore("cases", store => store.Projections.Snapshot<Case>(SnapshotLifecycle.Inline))
    .AddOutbox<CaseMessages>();
builder.AddMessaging("cases", bus =>
{
    bus.AddConsumer<OpenCaseOnCallLogged>(consumer => consumer.Options<BatchOptions>(batch => batch
        .SetMessageLimit(OpenCaseOnCallLogged.BatchSize)
        .SetTimeLimit(TimeSpan.FromMilliseconds(20))
        .SetConcurrencyLimit(2)));
    bus.AddConsumer<RecordRoutingDecision>(consumer => consumer.Options<BatchOptions>(batch => batch
        .SetMessageLimit(RecordRoutingDecision.BatchSize)
        .SetTimeLimit(TimeSpan.FromMilliseconds(20))
        .SetConcurrencyLimit(2)));
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddServiceClient(builder.Configuration, RouteByHand.RoutingClient, "http://localhost:8082");

var app = builder.Build();
app.UseServiceDefaults();
app.MapGetCase();
app.MapGetCaseHistory();
app.MapGetTriageDesk();
app.MapRouteByHand();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
