using Bunit;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Components;

/// <summary>The kit's pieces that show a gift's money and state: the refund beside an amount, and statuses in words.</summary>
public sealed class MoneyKitTests : KitContext
{
    [Fact]
    public void ARefundNoteNamesTheAmountAndDateAndIsAbsentWhileNothingIsRefunded()
    {
        var note = Render<RefundNote>(p => p.Add(c => c.Refunded, new Money(20m, "USD"))
            .Add(c => c.At, new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
        note.Find("[data-testid=refund-note]").TextContent.ShouldBe("refunded $20.00 on 24 Nov 2026");

        Render<RefundNote>(p => p.Add(c => c.Refunded, Money.Zero("USD")).Add(c => c.At, null)).Markup.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void AStatusBadgeNamesTheStatusInWords()
    {
        Render<StatusBadge>(p => p.Add(c => c.Status, DonationStatus.PartiallyRefunded)).Markup.ShouldContain("Partially refunded");
        Render<StatusBadge>(p => p.Add(c => c.Text, "Tax-deductible")).Markup.ShouldContain("Tax-deductible");
    }
}
