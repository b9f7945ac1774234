using CallResponse.Routing;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("routing", "CallResponse Routing (分拨)");
builder.Services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section);
builder.Services.AddSingleton<ReferenceData>();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddMessaging("routing", bus => bus.AddConsumer<RouteOpenedCase>());

var app = builder.Build();
// Load the data files now: a bad file stops start-up with its reason instead of failing the first call.
_ = app.Services.GetRequiredService<ReferenceData>();
app.UseServiceDefaults();
app.MapGetCatalogue();
app.MapGetAreas();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
