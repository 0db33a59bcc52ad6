using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>What donors and charities are shown of a refunded gift: the refund's amount and date beside the gift, and nets after it.</summary>
public sealed class RefundViewTests
{
    private static readonly Guid DanaId = Guid.NewGuid();

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARefundShowsWithItsAmountAndDateToTheDonorAndTheCharityAndTheNetIsAfterIt(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var gift = await w.GiveAsync(50m, donor: GivingWorld.Donor(userId: DanaId));
        clock.SetUtcNow(clock.GetUtcNow().AddDays(2));
        var refundedAt = clock.GetUtcNow();
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        (await owner.Get<GivingService>().RefundAsync(gift.DonationId, 20m, "Asked by the donor", "refund-1")).Succeeded.ShouldBeTrue();

        await using var scope = w.Db.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<GivingQueries>();
        var listed = (await queries.DonorGiftsAsync(DanaId, "dana@donor.test", new DonorGiftFilter(), new PageRequest(0, 10))).Items.Single();
        (listed.Charged, listed.Refunded, listed.RefundedAt, listed.Status)
            .ShouldBe((new Money(50m, "USD"), new Money(20m, "USD"), refundedAt, DonationStatus.PartiallyRefunded));
        (await queries.DonorJourneyAsync(gift.DonationId, DanaId, "dana@donor.test")).ShouldNotBeNull().Gift.RefundedAt.ShouldBe(refundedAt);

        var giving = owner.Get<GivingService>();
        var row = (await giving.DonationsAsync(null, null, new PageRequest(0, 10))).Items.Single();
        (row.Charged, row.Refunded, row.RefundedAt).ShouldBe((new Money(50m, "USD"), new Money(20m, "USD"), refundedAt));
        row.Net.ShouldBe(new Money(28.25m, "USD")); // 50 less the 1.75 fee (not returned) less the 20 refunded
        var detail = (await giving.DonationAsync(gift.DonationId)).ShouldNotBeNull();
        (detail.Net, detail.Refunded, detail.RefundedAt, detail.Fee).ShouldBe((row.Net, row.Refunded, refundedAt, new Money(1.75m, "USD")));
        StatusNames.Of(detail.Status).ShouldBe("Partially refunded");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ATaxStatementLineNamesTheRefundAndItsDate(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        var gift = await w.GiveAsync(50m);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        await using (var owner = w.Db.As(w.Charity, MembershipRole.Owner))
        {
            (await owner.Get<GivingService>().RefundAsync(gift.DonationId, 20m, "Asked by the donor", "refund-1")).Succeeded.ShouldBeTrue();
        }
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 15, 2, 0, 0, TimeSpan.Zero));

        await using var scope = w.Db.Scope();
        await scope.ServiceProvider.GetRequiredService<TaxStatementService>().IssueAsync(new StatementRun(2026), JobProgress.None);

        var text = await PdfText.ReadAsync(w.Db.Mail.Sent.Last().Attachments.Single().Content);
        text.ShouldContain("Refunded $20.00 on 24 Nov 2026");
        text.ShouldContain("$30.00");
    }
}
