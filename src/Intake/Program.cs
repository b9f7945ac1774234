using CallResponse.Intake.Calls;
using CallResponse.Intake.Calls.LoggingCalls;
using CallResponse.Intake.Calls.ReadingCalls;
using CallResponse.Intake.Catalogue;
using CallResponse.Intake.Publishing;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("intake", "CallResponse Intake (呼)");
builder.AddAuth();
builder.AddEventStore("intake", store =>
    {
        store.Events.MapEventType<CallRegistered>("call_logged"); // the stored name never changes
        store.Events.MapEventType<ContactRead>("contact_read"); // named in the audit's SQL (ListContactReads)
        store.Schema.For<ResidentContact>();
        store.Storage.ExtendedSchemaObjects.Add(TrackingNumbers.SchemaObject());
    })
    .AddOutbox<IntakeMessages>();
builder.AddMessaging("intake");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TrackingNumbers>();
builder.AddCatalogueReference();

var app = builder.Build();
app.UseServiceDefaults();
app.MapLogCall();
app.MapGetCall();
app.MapResidentContact();
app.MapListContactReads();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
