using System.Globalization;

namespace Platform.Core.Common;

/// <summary>The currencies the platform accepts, with their minor units and symbols.</summary>
public static class Currencies
{
    private static readonly Dictionary<string, (int Digits, string Symbol)> Known = new(StringComparer.Ordinal)
    {
        ["USD"] = (2, "$"),
        ["EUR"] = (2, "€"),
        ["GBP"] = (2, "£"),
        ["CAD"] = (2, "CA$"),
        ["AUD"] = (2, "A$"),
        ["JPY"] = (0, "¥"),
    };

    public static IReadOnlyCollection<string> Codes => Known.Keys;

    public static bool IsKnown(string code) => Known.ContainsKey(code);

    public static int MinorDigits(string code) =>
        Known.TryGetValue(code, out var c) ? c.Digits : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));

    public static string Format(Money money, CultureInfo? culture = null)
    {
        var (digits, symbol) = Known.TryGetValue(money.Currency, out var c) ? c : (2, money.Currency + " ");
        var number = Math.Abs(money.Amount).ToString("N" + digits, culture ?? CultureInfo.InvariantCulture);
        return (money.Amount < 0 ? "-" : "") + symbol + number;
    }
}
