using Platform.Core.Common;

namespace Platform.Tests.Unit;

public sealed class MoneyTests
{
    [Fact]
    public void AddingDifferentCurrenciesThrows() =>
        Should.Throw<InvalidOperationException>(() => new Money(1m, "USD") + new Money(1m, "EUR"));

    [Theory]
    [InlineData(10.005, "USD", 10.01)]
    [InlineData(-10.005, "USD", -10.01)]
    [InlineData(99.5, "JPY", 100)]
    public void RoundingIsAwayFromZeroToTheMinorUnit(decimal amount, string currency, decimal expected) =>
        new Money(amount, currency).Round().Amount.ShouldBe(expected);

    [Fact]
    public void FormatsWithSymbolAndSign() => new Money(-1234.5m, "USD").Format().ShouldBe("-$1,234.50");
}
