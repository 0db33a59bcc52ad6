using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Platform.Core.Common;

/// <summary>Collects field messages for a command, so every form shows every problem at once.</summary>
public sealed partial class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validation Required(string field, string? value, string label, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"{label} is required.");
        }
        return value.Trim().Length > maxLength ? Add(field, $"{label} must be at most {maxLength} characters.") : this;
    }

    public Validation Optional(string field, string? value, string label, int maxLength) =>
        value is not null && value.Trim().Length > maxLength
            ? Add(field, $"{label} must be at most {maxLength} characters.")
            : this;

    public Validation Email(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "Email is required.");
        }
        return IsEmail(value) ? this : Add(field, $"'{value}' is not a valid email address.");
    }

    public Validation Slug(string field, string? value)
    {
        Required(field, value, "Slug", 60);
        return value is null || SlugPattern().IsMatch(value)
            ? this
            : Add(field, "Slug may contain lower-case letters, digits and single hyphens only.");
    }

    /// <summary>An amount someone typed: at most <see cref="Common.Money.MaxEntry"/>.</summary>
    public Validation Amount(string field, decimal? amount, string label) =>
        amount > Common.Money.MaxEntry ? Add(field, $"{label} can be at most {Common.Money.MaxEntry:N0}.") : this;

    public Validation When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>The one form an email address is stored and compared in: trimmed, lower case.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim()
        && address.Host.Contains('.');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
