using CallResponse.Cases;
using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Opening;
using CallResponse.Cases.Oversight;
using CallResponse.Cases.Operations;
using CallResponse.Cases.Photos;
using CallResponse.Cases.Publishing;
using CallResponse.Cases.Reading;
using CallResponse.Cases.ResidentFeedback;
using CallResponse.Cases.Deadlines;
using CallResponse.Cases.Supervision;
using CallResponse.Cases.Triage;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Clocks;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Messaging;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using CallLogged = CallResponse.Contracts.Intake.CallLogged;
using RoutingDecided = CallResponse.Contracts.Routing.RoutingDecided;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("cases", "CallResponse Cases (案件)");
builder.AddAuth();
builder.AddEventStore("cases", store =>
    {
        store.Projections.Snapshot<Case>(SnapshotLifecycle.Inline);
        CaseStorage.Configure(store);
        store.Schema.For<ProcessedCommand>().Identity(processed => processed.Id);
        store.Schema.For<FeedbackLinks.FeedbackInvitation>().Identity(invitation => invitation.Id);
        store.Listeners.Add(new CaseMetrics());
        store.Schema.For<QuarterlyScores.PublishedScores>().Identity(scores => scores.Id);
        store.Storage.ExtendedSchemaObjects.AddRange(MeasureTotals.SchemaObjects());
        store.Storage.ExtendedSchemaObjects.Add(CasePhotos.SchemaObject());
        store.Projections.Add(new MeasureTotals.Projection(), ProjectionLifecycle.Async, MeasureTotals.ProjectionName);
    })
    .AddOutbox<CaseMessages>();
builder.AddMessaging("cases", bus =>
{
    bus.AddBatchHandler<OpenCaseOnCallLogged, CallLogged>("cases", OpenCaseOnCallLogged.BatchSize);
    bus.AddBatchHandler<RecordRoutingDecision, RoutingDecided>("cases", RecordRoutingDecision.BatchSize);
    bus.AddConsumer<RecordSlaNotices>();
});
builder.Services.AddSingleton(TimeProvider.System);
// Read and checked before the service starts: a bad rules file stops it, naming the field.
builder.Services.AddSingleton(AssessmentRules.Load(AssessmentRules.PathIn(builder.Configuration)));
builder.Services.AddOptions<CasePhotos.Options>().BindConfiguration(CasePhotos.Options.Section);
builder.Services.AddOptions<Return.Options>().BindConfiguration(Return.Options.Section);
builder.Services.AddOptions<FeedbackLinks.Options>().BindConfiguration(FeedbackLinks.Options.Section);
builder.Services.AddDeadlineClock();
builder.Services.AddSingleton<Return.Window>();
SupervisionOptions.Register(builder);
// How the inline snapshot applies events to a case, so a command can answer the new state without reading it back.
builder.Services.AddSingleton(services =>
    ((DocumentStore)services.GetRequiredService<IDocumentStore>()).Options.Projections.AggregatorFor<Case>());
builder.Services.AddServiceClient(builder.Configuration, RoutingCheck.Client, "http://localhost:8082");
Departments.Register(builder);
AreaNames.Register(builder);

var app = builder.Build();
app.UseServiceDefaults();
app.MapListCases();
app.MapGetCase();
app.MapGetCaseHistory();
app.MapCasePhotos();
app.MapGetTriageDesk();
app.MapCaseCommands();
app.MapFeedbackLinks();
app.MapCaseCodes();
app.MapGetMeasures();
app.MapRankings();
app.MapChargedCases();
app.MapQuarterlyScores();
app.MapOverdueBoard();
app.MapRebuildReadModel();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
