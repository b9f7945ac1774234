namespace CallResponse.Intake.Calls;

/// <summary>
/// The resident's contact for one call: personal information under PIPL. Kept apart from the
/// events, never logged, and shown masked.
/// </summary>
public sealed record ResidentContact(Guid Id, string? Name, string? Phone, string? Address)
{
    /// <summary>The contact as most roles see it: 张*, *******5678, the address withheld.</summary>
    public ResidentContactView Masked() => new(MaskName(Name), MaskPhone(Phone), Address is null ? null : "***");

    internal static string? MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? name : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    internal static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }

        // Only the last four digits of a mobile number (11 digits, more with a country code) are shown: of a
        // shorter number (a landline, an extension) they would say too much, so none is.
        var digits = phone.Where(char.IsDigit).ToArray();
        return digits.Length < 11
            ? new string('*', digits.Length)
            : new string('*', digits.Length - 4) + new string(digits[^4..]);
    }
}

/// <summary>A resident's contact as an API response shows it.</summary>
public sealed record ResidentContactView(string? Name, string? Phone, string? Address);
