using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class GivingTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AConfirmedGiftGetsAReceiptNumberABalancedLedgerEntryAJourneyAndAReceiptEmail(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);

        var pending = await w.GiveAsync(100m, confirm: false);
        pending.Status.ShouldBe(DonationStatus.Pending);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(0);

        await w.DeliverGatewayEventsAsync();

        var gift = await w.DonationAsync(pending.DonationId);
        gift.Status.ShouldBe(DonationStatus.Succeeded);
        gift.ReceiptNumber.ShouldBe("R-2026-000001");
        gift.Fee.ShouldBe(3.20m); // 2.9% of 100 + 0.30
        gift.IsTaxDeductible.ShouldBeTrue();
        gift.Stage.ShouldBe(JourneyStage.Received);
        (await w.BalanceAsync(AccountKeys.GatewayClearing)).ShouldBe(100m);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(-96.80m);
        (await w.BalanceAsync(AccountKeys.PlatformFees)).ShouldBe(-3.20m);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        var receipt = w.Db.Mail.Sent.Single();
        receipt.To.ShouldBe("dana@donor.test");
        var model = receipt.Model.ShouldBeOfType<DonationReceiptEmail>();
        model.ReceiptNumber.ShouldBe("R-2026-000001");
        model.Charged.ShouldBe(new Money(100m, "USD"));
        model.CreateAccountUrl.ShouldNotBeNull(); // given as a guest
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task CoveringTheFeeChargesItOnTopSoTheCharityReceivesTheWholeGift(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);

        var outcome = await w.GiveAsync(50m, donor: GivingWorld.Donor() with { CoverFee = true });

        outcome.Charged.ShouldBe(new Money(51.75m, "USD"));
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(-50m);
        (await w.BalanceAsync(AccountKeys.GatewayClearing)).ShouldBe(51.75m);
        await w.CheckLedgerAsync();
    }

    [Theory]
    [InlineData(SimulatedGateway.Declined, "declined")]
    [InlineData(SimulatedGateway.InsufficientFunds, "insufficient funds")]
    public async Task ADeclinedCardRecordsAFailedGiftWithTheReasonAndMovesNoMoney(string card, string reason)
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);

        var outcome = await w.GiveAsync(25m, card);

        outcome.Status.ShouldBe(DonationStatus.Failed);
        outcome.Message!.ShouldContain(reason);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(0);
        w.Db.Mail.Sent.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARepeatedWebhookOrResubmittedFormNeverRecordsTwice(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var key = Guid.NewGuid().ToString();

        var first = await w.GiveAsync(40m, key: key, confirm: false);
        var events = await w.DeliverGatewayEventsAsync();
        foreach (var again in events)
        {
            await w.ApplyAsync(again);
        }
        var resubmitted = await w.GiveAsync(40m, key: key);

        resubmitted.DonationId.ShouldBe(first.DonationId);
        resubmitted.Status.ShouldBe(DonationStatus.Succeeded);
        events.Count.ShouldBe(1);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        w.Db.Mail.Sent.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoConcurrentSubmissionsWithOneKeyRecordOneDonationAndOneCharge(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var key = Guid.NewGuid().ToString();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => w.GiveAsync(75m, key: key, confirm: false))));
        await w.DeliverGatewayEventsAsync();

        outcomes.Select(o => o.DonationId).Distinct().Count().ShouldBe(1);
        await using var scope = w.Db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        (await db.Donations.CountAsync()).ShouldBe(1);
        (await w.CheckLedgerAsync()).Entries.ShouldBe(1);
        (await w.BalanceAsync(AccountKeys.GatewayClearing)).ShouldBe(75m);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ReceiptNumbersRunPerCharityWithoutGaps(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);

        var a = await w.GiveAsync(10m);
        await w.GiveAsync(10m, SimulatedGateway.Declined);
        var b = await w.GiveAsync(10m);
        var other = await w.GiveAsync(10m, program: w.OtherProgram);

        (await w.DonationAsync(a.DonationId)).ReceiptNumber.ShouldBe("R-2026-000001");
        (await w.DonationAsync(b.DonationId)).ReceiptNumber.ShouldBe("R-2026-000002");
        (await w.DonationAsync(other.DonationId)).ReceiptNumber.ShouldBe("R-2026-000001");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RefundsArePartialOrFullNeverMoreThanWasGivenAndReverseThroughTheLedger(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await w.GiveAsync(100m);
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        var giving = owner.Get<GivingService>();

        (await giving.RefundAsync(gift.DonationId, 30m, "Asked by the donor", "refund-1")).Succeeded.ShouldBeTrue();
        (await giving.RefundAsync(gift.DonationId, 30m, "Asked by the donor", "refund-1")).Succeeded.ShouldBeTrue(); // a retry
        var tooMuch = await giving.RefundAsync(gift.DonationId, 80m, "Asked again", "refund-2");
        tooMuch.Errors["Amount"].Single().ShouldContain("$70.00");
        (await giving.RefundAsync(gift.DonationId, 70m, "The rest", "refund-3")).Succeeded.ShouldBeTrue();

        var refunded = await w.DonationAsync(gift.DonationId);
        refunded.Status.ShouldBe(DonationStatus.Refunded);
        refunded.RefundedAmount.ShouldBe(100m);
        (await w.BalanceAsync(AccountKeys.GatewayClearing)).ShouldBe(0m);
        (await w.BalanceAsync(AccountKeys.Payable(w.Charity))).ShouldBe(3.20m); // the fee is not returned: the charity bears it
        (await w.CheckLedgerAsync()).Entries.ShouldBe(3);
        w.Db.Mail.Sent.Count(m => m.Model is RefundEmail).ShouldBe(2);
    }

    [Fact]
    public async Task StaffCannotRefundAndAnotherCharityCannotSeeTheGift()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var gift = await w.GiveAsync(20m);

        await using (var staff = w.Db.As(w.Charity, MembershipRole.Staff))
        {
            (await staff.Get<GivingService>().RefundAsync(gift.DonationId, 5m, "x", "r1")).Summary.ShouldContain("owners and managers");
        }
        await using var other = w.Db.As(w.OtherCharity, MembershipRole.Owner);
        (await other.Get<GivingService>().RefundAsync(gift.DonationId, 5m, "x", "r2")).Summary.ShouldBe("Gift not found.");
        (await other.Get<JourneyService>().AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, null, null, null, null, null)))
            .Summary.ShouldBe("Gift not found.");
        (await w.DonationAsync(gift.DonationId)).RefundedAmount.ShouldBe(0m);
    }

    [Theory]
    [InlineData(0.5, "Amount", "smallest gift")]
    [InlineData(60000, "Amount", "largest gift")]
    [InlineData(10.005, "Amount", "two decimals")]
    public async Task BadGiftsAreRefusedWithAMessageOnTheField(double amount, string field, string message)
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = w.Db.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<GivingService>()
            .GiveAsync(new GiveRequest(w.Program, (decimal)amount, GivingWorld.Card(), GivingWorld.Donor(), Guid.NewGuid().ToString()));

        result.Status.Errors[field].Single().ShouldContain(message);
    }

    [Fact]
    public async Task ATaxDeductibleCharityNeedsTheDonorsAddressAndABadCardIsNamed()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = w.Db.Scope();
        var giving = scope.ServiceProvider.GetRequiredService<GivingService>();

        var noAddress = await giving.GiveAsync(new GiveRequest(w.Program, 10m, GivingWorld.Card(), GivingWorld.Donor() with { PostalAddress = null }, "k1"));
        var badCard = await giving.GiveAsync(new GiveRequest(w.Program, 10m, GivingWorld.Card("4242424242424241"), GivingWorld.Donor(), "k2"));

        noAddress.Status.Errors["PostalAddress"].Single().ShouldContain("tax statement");
        badCard.Status.Errors["CardNumber"].Single().ShouldBe("The card number is not valid.");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AJourneyMovesForwardNeedsAFamilyToBeAllocatedAndGoesBackOnlyWithAReason(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await w.GiveAsync(60m);
        await using var staff = w.Db.As(w.Charity, MembershipRole.Staff, [w.FieldOffice]);
        var journeys = staff.Get<JourneyService>();

        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, null, null, null, null, null)))
            .Errors["FamilyId"].ShouldNotBeEmpty();
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, "For the A. family", "North", null, null, w.Family)))
            .Succeeded.ShouldBeTrue();
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Delivered, "Boxes handed over", "North depot", null, null, null)))
            .Succeeded.ShouldBeTrue();
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Purchased, null, null, null, null, null)))
            .Errors["Reason"].ShouldNotBeEmpty();
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Purchased, null, null, null, "Wrong boxes delivered", null)))
            .Succeeded.ShouldBeTrue();

        var steps = await journeys.StepsAsync(gift.DonationId);
        steps.Select(s => s.Stage).ShouldBe([JourneyStage.Received, JourneyStage.Allocated, JourneyStage.Delivered, JourneyStage.Purchased]);
        steps.Last().Reason.ShouldBe("Wrong boxes delivered");
        (await w.DonationAsync(gift.DonationId)).Stage.ShouldBe(JourneyStage.Purchased);
        // The donor opted into allocated and delivered emails, and not into the step back.
        w.Db.Mail.Sent.Select(m => m.Model).OfType<JourneyMilestoneEmail>().Select(m => m.Stage).ShouldBe(["Allocated", "Delivered"]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AStepsPhotoMustReallyBeAnImageWithinTheLimitAndOnlyTheGiftsDonorGetsIt(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var donor = await w.Db.CreateUserAsync("pia@donor.test", "Pia Donor");
        var gift = await w.GiveAsync(40m, donor: GivingWorld.Donor("pia@donor.test", donor.Id));
        await using var staff = w.Db.As(w.Charity, MembershipRole.Staff, [w.FieldOffice]);
        var journeys = staff.Get<JourneyService>();
        var pdfNamedJpg = new JourneyPhoto("boxes.jpg", "%PDF-1.7 not an image"u8.ToArray());
        var tooLarge = new JourneyPhoto("huge.png", [.. TestImages.Png, .. new byte[JourneyPhoto.MaxBytes]]);

        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, null, null, pdfNamedJpg, null, w.Family)))
            .Errors["Photo"].Single().ShouldContain("JPEG, PNG or WebP");
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, null, null, tooLarge, null, w.Family)))
            .Errors["Photo"].Single().ShouldContain("larger than 5 MB");
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, "Boxes packed", null,
            new JourneyPhoto("boxes.png", TestImages.Png), null, w.Family))).Succeeded.ShouldBeTrue();

        var steps = await journeys.StepsAsync(gift.DonationId);
        steps.Select(s => s.Stage).ShouldBe([JourneyStage.Received, JourneyStage.Allocated]); // refused attempts left nothing
        var step = steps.Last();
        await using var scope = w.Db.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<GivingQueries>();
        var photo = await queries.DonorJourneyPhotoAsync(gift.DonationId, step.Id, donor.Id, "pia@donor.test");
        photo.ShouldNotBeNull();
        photo.ContentType.ShouldBe("image/png");
        photo.Content.ShouldBe(TestImages.Png);
        (await queries.DonorJourneyPhotoAsync(gift.DonationId, step.Id, Guid.NewGuid(), "other@donor.test")).ShouldBeNull();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADonorSeesTheirOwnGiftsAcrossCharitiesIncludingGuestGiftsAndNobodyElses(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var donor = await w.Db.CreateUserAsync("dana@donor.test", "Dana Donor");
        await w.GiveAsync(10m, donor: GivingWorld.Donor("dana@donor.test", donor.Id));
        await w.GiveAsync(15m, donor: GivingWorld.Donor("DANA@donor.test"), program: w.OtherProgram); // as a guest
        var someoneElse = await w.GiveAsync(99m, donor: GivingWorld.Donor("other@donor.test"));
        await w.GiveAsync(10m, SimulatedGateway.Declined, donor: GivingWorld.Donor("dana@donor.test", donor.Id));
        await using var scope = w.Db.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<GivingQueries>();

        var summary = await queries.DonorSummaryAsync(donor.Id, "dana@donor.test");
        var page = await queries.DonorGiftsAsync(donor.Id, "dana@donor.test", new DonorGiftFilter(Status: DonationStatus.Succeeded), new PageRequest(0, 10));

        summary.TotalGiven.ShouldBe([new Money(25m, "USD")]);
        summary.ProgramsSupported.ShouldBe(2);
        page.Total.ShouldBe(2);
        page.Items.Select(g => g.CharityName).Order().ShouldBe(["Far Shore", "Open Hands"]);
        (await queries.DonorJourneyAsync(someoneElse.DonationId, donor.Id, "dana@donor.test")).ShouldBeNull();
        var mine = await queries.DonorJourneyAsync(page.Items[0].Id, donor.Id, "dana@donor.test");
        mine.ShouldNotBeNull().Steps.Select(s => s.Stage).ShouldBe([JourneyStage.Received]);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ProgramTotalsAndFamiliesHelpedCountWhatReachedTheCharityAndItsFamilies(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var covered = await w.GiveAsync(50m, donor: GivingWorld.Donor() with { CoverFee = true }); // net 50.00
        var refunded = await w.GiveAsync(100m);                                                   // net 96.80, 30 refunded
        var purchased = await w.GiveAsync(20m);                                                   // net 19.12
        await w.GiveAsync(20m, SimulatedGateway.Declined);                                        // not counted
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        (await owner.Get<GivingService>().RefundAsync(refunded.DonationId, 30m, "Partly returned", "r")).Succeeded.ShouldBeTrue();
        var secondFamily = (await owner.Get<ProgramService>().SaveFamilyAsync(null,
            new FamilyInput(w.FieldOffice, "Family B.", "North", null, null, 2))).Value!.Id;
        var journeys = owner.Get<JourneyService>();
        await journeys.AdvanceAsync(covered.DonationId, new AdvanceInput(JourneyStage.Delivered, null, null, null, null, w.Family));
        await journeys.AdvanceAsync(refunded.DonationId, new AdvanceInput(JourneyStage.Confirmed, null, null, null, null, secondFamily));
        await journeys.AdvanceAsync(purchased.DonationId, new AdvanceInput(JourneyStage.Purchased, null, null, null, null, w.Family));
        await using var scope = w.Db.Scope();

        var program = (await scope.ServiceProvider.GetRequiredService<GivingQueries>().ProgramAsync(w.Program))!;
        var board = await journeys.BoardAsync(14);

        program.Raised.ShouldBe(new Money(50m + 96.80m - 30m + 19.12m, "USD"));
        program.Gifts.ShouldBe(3);
        program.FamiliesHelped.ShouldBe(2); // delivered and confirmed; purchased has not reached its family yet
        board.FamiliesHelped.ShouldBe(2);
        board.Active.ShouldBe(2);
        (await journeys.ActiveAsync(14, new PageRequest(0, 20))).Items.Select(a => a.DonationId)
            .ShouldBe([covered.DonationId, purchased.DonationId], ignoreOrder: true);
    }

    [Fact]
    public async Task OwnersSetTheCharitysTaxDetailsAndATaxDeductibleCharityMustSayWhatIsDeductible()
    {
        await using var w = await GivingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using (var manager = w.Db.As(w.Charity, MembershipRole.Manager))
        {
            (await manager.Get<OrganizationService>().UpdateCharityDetailsAsync(new CharityDetails("X", false, null))).Summary.ShouldContain("Only owners");
        }
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        var organizations = owner.Get<OrganizationService>();

        var incomplete = await organizations.UpdateCharityDetailsAsync(new CharityDetails(null, true, " "));
        var saved = await organizations.UpdateCharityDetailsAsync(new CharityDetails("CH-42", true, "Deductible as allowed by law."));

        incomplete.Errors.Keys.ShouldBe(["RegistrationNumber", "DeductibilityText"], ignoreOrder: true);
        saved.Succeeded.ShouldBeTrue();
        var charity = (await organizations.GetCurrentAsync())!;
        (charity.RegistrationNumber, charity.IsTaxDeductible, charity.DeductibilityText).ShouldBe(("CH-42", true, "Deductible as allowed by law."));
    }
}
