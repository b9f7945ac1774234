using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

/// <summary>Given/when/then for the pure decisions: a context to decide in, and what a decision must be.</summary>
internal static class Then
{
    public static readonly Actor Liaison = new("u-sw", Roles.Liaison, "SW");
    public static readonly Actor StreetDispatcher = new("u-hl", Roles.StreetDispatcher, "LW-HL");

    /// <summary>The departments of the catalogue, as the endpoint would have fetched them.</summary>
    public static readonly Departments.Codes Departments = new(["SW", "CG", "GA", "ZJ"]);

    public static CommandContext Given(Case state, Actor? actor = null) => new(state, actor ?? Liaison, Sample.At);

    /// <summary>The decision accepts exactly these events, in order.</summary>
    public static void Events(Decision decision, params object[] expected) =>
        Assert.Equal(expected, Assert.IsType<Decision.Accept>(decision).Events);

    /// <summary>The decision is a field error on <paramref name="field"/> (and nothing else).</summary>
    public static void Invalid(Decision decision, string field) =>
        Assert.Equal([field], Assert.IsType<Decision.Invalid>(decision).Errors.Keys);

    /// <summary>The decision refuses with <paramref name="status"/>.</summary>
    public static void Refused(Decision decision, int status) =>
        Assert.Equal(status, Assert.IsType<Decision.Refuse>(decision).Status);
}
