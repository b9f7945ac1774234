using CallResponse.Routing.Areas;
using Microsoft.Extensions.Options;

namespace CallResponse.Routing;

/// <summary>Where routing's data files are; defaults to the files shipped next to the service.</summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    public string CataloguePath { get; set; } = Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json");

    public string AreasPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "Data", "areas.json");
}

/// <summary>
/// The catalogue and the area tree routing works with, loaded and validated once at start-up: a bad
/// file stops the service with the file, field and reason rather than routing on half a catalogue.
/// </summary>
public sealed class ReferenceData(IOptions<ReferenceDataOptions> options)
{
    public Catalogue.Catalogue Catalogue { get; } = CallResponse.Routing.Catalogue.CatalogueFile.Load(options.Value.CataloguePath);

    public AreaTree Areas { get; } = AreaFile.Load(options.Value.AreasPath);
}
