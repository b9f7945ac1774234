using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Lifecycle;

/// <summary>What a command's decision sees: the case, who acts, and now. Nothing else: what it needs from
/// outside the case is fetched by its endpoint and passed in.</summary>
public sealed record CommandContext(Case Case, Actor Actor, DateTimeOffset Now);

/// <summary>A command's verdict: events to append, or why not.</summary>
public abstract record Decision
{
    /// <summary>
    /// Append <paramref name="Events"/> to the case, <paramref name="Elsewhere"/> to others' streams.
    /// </summary>
    public sealed record Accept(
        IReadOnlyList<object> Events,
        IReadOnlyList<(Guid CaseId, long ExpectedVersion, object Event)>? Elsewhere = null) : Decision;

    public sealed record Refuse(int Status, string Title, string Detail) : Decision;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : Decision;

    public static Decision Of(params object[] events) => new Accept(events);

    public static Decision Field(string field, string reason) =>
        new Invalid(new Dictionary<string, string[]> { [field] = [reason] });
}

/// <summary>The free-text fields of commands: required, trimmed, bounded.</summary>
public static class RequiredText
{
    public const int MaxLength = 2000;

    /// <summary>A required text field, trimmed into <paramref name="text"/>; or the field's error.</summary>
    public static Decision? Check(string? value, string field, out string text, int maxLength = MaxLength)
    {
        text = value?.Trim() ?? string.Empty;
        return text.Length is 0 || text.Length > maxLength
            ? Decision.Field(field, $"必填，最多 {maxLength} 字 (required, at most {maxLength} characters).")
            : null;
    }
}
