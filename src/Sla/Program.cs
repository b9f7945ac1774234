using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Messaging;
using CallResponse.Sla;
using CallResponse.Sla.CaseSla;
using CallResponse.ServiceDefaults.Clocks;
using CallResponse.Sla.Deadlines;
using CallResponse.Sla.Notices;
using CallResponse.Sla.Persistence;
using Marten;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("sla", "CallResponse SLA (时限督办)");
builder.AddAuth();
builder.Services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section);
builder.AddEventStore("sla", store =>
{
    store.Schema.For<CaseSlaState>().Identity(state => state.CorrelationId).UseOptimisticConcurrency(true);
    store.Storage.ExtendedSchemaObjects.Add(DeadlineWakeups.SchemaObject());
    store.Storage.ExtendedSchemaObjects.Add(NoticeOutbox.SchemaObject());
});
builder.Services.AddDeadlineClock();
builder.Services.AddSingleton<DeadlineBook>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<DeadlinePoller>();
builder.Services.AddHostedService<NoticeRelay>();
builder.AddMessaging(
    "sla",
    bus => bus.AddSagaStateMachine<CaseSlaStateMachine, CaseSlaState>(CaseSlaStateMachine.Configure)
        .Repository(repository => repository.RegisterSagaRepository<
            CaseSlaState,
            IDocumentSession,
            SagaConsumeContextFactory<IDocumentSession, CaseSlaState>,
            MartenSagaRepositoryContextFactory<CaseSlaState>>()),
    // The wake-ups' own queue for the same state machine: it hears only what the poller sends it.
    (context, rabbitmq) => rabbitmq.ReceiveEndpoint(DeadlinePoller.Queue, endpoint =>
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.ConfigureSaga<CaseSlaState>(context);
    }));

var app = builder.Build();
app.UseServiceDefaults();
app.MapGetDeadlines();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
