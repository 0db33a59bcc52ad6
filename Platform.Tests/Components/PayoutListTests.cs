using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Payouts;
using Platform.Web.Components.Shared.Payouts;

namespace Platform.Tests.Components;

/// <summary>The one payouts list every portal shows: its rows with money as money, a loading bar until they come, an empty state only when there are none.</summary>
public sealed class PayoutListTests : KitContext
{
    public PayoutListTests() => Services.AddSingleton(new PayoutOptions { Minimum = 25m });

    private static PayoutLine Paid(string week, decimal net) =>
        PayoutLine.From(new PlatformPayoutRow(Guid.CreateVersion7(), Guid.CreateVersion7(), "Harbour Gym", week, new Money(net, "USD"),
            new Money(net / 10, "USD"), PayoutStatus.Paid, new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), true));

    private IRenderedComponent<PayoutList> RenderList(Func<PageRequest, string?, Task<Page<PayoutLine>>> load) =>
        Render<PayoutList>(p => p
            .Add(x => x.Load, load)
            .Add(x => x.StatementBase, "/admin/payouts")
            .Add(x => x.ShowOrganization, true)
            .Add(x => x.EmptyTitle, "No payouts on the platform yet"));

    [Fact]
    public void ItsRowsShowTheWeekTheNetAsMoneyTheStatusByNameAndTheStatement()
    {
        var rows = new[] { Paid("2026-W47", 1234.5m), Paid("2026-W46", 80m) };

        var cut = RenderList((_, _) => Task.FromResult(new Page<PayoutLine>(rows, 2, 0, 20)));

        cut.WaitForAssertion(() => cut.FindAll("tbody tr.mud-table-row").Count.ShouldBe(2));
        var text = cut.Find("tbody").TextContent;
        text.ShouldContain("2026-W47");
        text.ShouldContain("Harbour Gym");
        text.ShouldContain(new Money(1234.5m, "USD").Format());
        text.ShouldContain("Paid");
        cut.FindAll("a[href$='.pdf']").Count.ShouldBe(2);
        cut.FindAll(".empty-state").ShouldBeEmpty();
        cut.Find(".payout-rules").TextContent.ShouldContain(new Money(25m, "USD").Format());
    }

    [Fact]
    public void WithNoPayoutsItShowsItsEmptyState()
    {
        var cut = RenderList((_, _) => Task.FromResult(new Page<PayoutLine>([], 0, 0, 20)));

        cut.WaitForAssertion(() => cut.Find(".empty-state h2").TextContent.ShouldBe("No payouts on the platform yet"));
        cut.FindAll(".mud-table-loading-progress").ShouldBeEmpty();
    }

    [Fact]
    public void WhileThePayoutsLoadItShowsALoadingBarAndNoEmptyState()
    {
        var never = new TaskCompletionSource<Page<PayoutLine>>();

        var cut = RenderList((_, _) => never.Task);

        cut.FindAll(".mud-table-loading-progress").ShouldNotBeEmpty();
        cut.FindAll(".empty-state").ShouldBeEmpty();
    }
}
