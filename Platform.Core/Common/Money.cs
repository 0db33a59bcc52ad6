using System.Globalization;

namespace Platform.Core.Common;

/// <summary>An amount in one currency. Arithmetic across currencies throws; rounding is explicit.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>
    /// The largest amount anyone may type anywhere (a goal, a gift, a refund): far above any real one, and far inside
    /// the columns money is stored in (18 digits, 2 after the point), so a slip of the keyboard is refused, not stored.
    /// </summary>
    public const decimal MaxEntry = 1_000_000_000m;

    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));

    public static Money operator -(Money a) => a with { Amount = -a.Amount };

    public Money Multiply(decimal factor) => this with { Amount = Amount * factor };

    /// <summary>Rounds away from zero to the currency's minor unit, the default rule for money here.</summary>
    public Money Round() => this with
    {
        Amount = Math.Round(Amount, Currencies.MinorDigits(Currency), MidpointRounding.AwayFromZero),
    };

    public string Format(CultureInfo? culture = null) => Currencies.Format(this, culture);

    public override string ToString() => Format(CultureInfo.InvariantCulture);

    private static string SameCurrency(Money a, Money b) =>
        string.Equals(a.Currency, b.Currency, StringComparison.Ordinal)
            ? a.Currency
            : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency} amounts.");
}
