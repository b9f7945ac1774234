using CallResponse.Routing;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using CallResponse.Routing.NegativeList;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("routing", "CallResponse Routing (分拨)");
builder.AddAuth();
builder.AddEventStore("routing", store => store.Schema.For<PublishedCatalogue>().Identity(version => version.Id));
builder.Services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section);
builder.Services.AddSingleton<ReferenceData>();
builder.Services.AddHostedService<CatalogueRefresher>();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddMessaging("routing", bus => bus.AddConsumer<RouteOpenedCase>());

var app = builder.Build();
// Load the data files and the current catalogue version now: a bad file stops start-up with its
// reason instead of failing the first call.
await app.Services.GetRequiredService<ReferenceData>().LoadAsync(CancellationToken.None);
app.UseServiceDefaults();
app.MapGetCatalogue();
app.MapPublishCatalogue();
app.MapGetNegativeList();
app.MapGetAreas();
app.MapDecideByHand();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
