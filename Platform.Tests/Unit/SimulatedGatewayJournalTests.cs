using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using Platform.Core.Payments;
using Platform.Tests.Support;

namespace Platform.Tests.Unit;

/// <summary>The simulated gateway restarted on its journal remembers what a real gateway would.</summary>
public sealed class SimulatedGatewayJournalTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"platform-gateway-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task AfterARestartSavedCardsChargeRepeatedKeysGetTheirFirstAnswerAndRefundsKnowTheirCharge()
    {
        string token, chargeId, onceToken;
        using (var journal = new SimulatedGatewayJournal(_path))
        {
            var before = new SimulatedGateway(TestTime.Clock(), journal);
            token = (await before.TokenizeAsync(new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"))).Value!.Token;
            onceToken = (await before.TokenizeAsync(new CardDetails(SimulatedGateway.SucceedsOnceThenDeclines, 12, 2030, "123"))).Value!.Token;
            chargeId = (await before.ChargeAsync(new ChargeRequest("gift-1", new Money(40m, "USD"), token, "gift", "ref-1"))).ChargeId!;
            (await before.ChargeAsync(new ChargeRequest("gift-2", new Money(5m, "USD"), onceToken, "gift", "ref-2"))).Status.ShouldBe(ChargeStatus.Pending);
            (await before.RefundAsync(new RefundRequest("refund-1", chargeId, new Money(30m, "USD")))).Succeeded.ShouldBeTrue();
            (await before.PayoutAsync(new PayoutRequest("payout-1", new Money(100m, "USD"), "org", "week"))).Succeeded.ShouldBeTrue();
        }

        using var after = new SimulatedGatewayJournal(_path);
        var gateway = new SimulatedGateway(TestTime.Clock(), after);

        (await gateway.ChargeAsync(new ChargeRequest("gift-3", new Money(40m, "USD"), token, "gift", "ref-3"))).Status.ShouldBe(ChargeStatus.Pending);
        (await gateway.ChargeAsync(new ChargeRequest("gift-1", new Money(40m, "USD"), token, "gift", "ref-1"))).ChargeId.ShouldBe(chargeId);
        // The 0341 card already succeeded once before the restart.
        (await gateway.ChargeAsync(new ChargeRequest("gift-4", new Money(5m, "USD"), onceToken, "gift", "ref-4"))).Status.ShouldBe(ChargeStatus.Declined);
        // 30 of 40 was refunded before the restart: 10 is left.
        (await gateway.RefundAsync(new RefundRequest("refund-2", chargeId, new Money(20m, "USD")))).Succeeded.ShouldBeFalse();
        (await gateway.RefundAsync(new RefundRequest("refund-3", chargeId, new Money(10m, "USD")))).Succeeded.ShouldBeTrue();
        var payoutAgain = await gateway.PayoutAsync(new PayoutRequest("payout-1", new Money(100m, "USD"), "org", "week"));
        payoutAgain.Succeeded.ShouldBeTrue();
        gateway.PayoutsSent.ShouldBe(1);
    }

    private static readonly string[] TestCards =
        [SimulatedGateway.Succeeds, SimulatedGateway.Declined, SimulatedGateway.InsufficientFunds, SimulatedGateway.SucceedsOnceThenDeclines];

    [Fact]
    public async Task TheJournalKeepsEachCardsTokenBrandAndLastFourButNoFullCardNumber()
    {
        using (var journal = new SimulatedGatewayJournal(_path))
        {
            var gateway = new SimulatedGateway(TestTime.Clock(), journal);
            foreach (var (number, i) in TestCards.Select((n, i) => (n, i)))
            {
                var card = (await gateway.TokenizeAsync(new CardDetails(number, 12, 2030, "123"))).Value!;
                await gateway.ChargeAsync(new ChargeRequest($"gift-{i}", new Money(5m, "USD"), card.Token, "gift", "ref"));
            }
        }

        var text = await File.ReadAllTextAsync(_path);
        TestCards.ShouldAllBe(number => !text.Contains(number));
        text.ShouldContain("\"last4\":\"0341\"");
        text.ShouldContain("\"brand\":\"Visa\"");
    }

    [Fact]
    public async Task AnOldJournalLineWithAFullNumberStillLoadsKeepsTheCardsBehaviourAndIsRewrittenWithoutTheNumber()
    {
        // Written before cards were kept without their number: the 0341 card, charged once.
        await File.WriteAllLinesAsync(_path,
        [
            "{\"kind\":\"card\",\"token\":\"pm_old\",\"cardNumber\":\"4000000000000341\"}",
            "{\"kind\":\"charge\",\"charge\":{\"idempotencyKey\":\"gift-1\",\"amount\":{\"amount\":5,\"currency\":\"USD\"},\"paymentMethodToken\":\"pm_old\",\"description\":\"gift\",\"reference\":\"ref-1\"},"
                + "\"chargeResult\":{\"status\":0,\"chargeId\":\"ch_old\"}}",
        ]);

        using var journal = new SimulatedGatewayJournal(_path);
        var gateway = new SimulatedGateway(TestTime.Clock(), journal);

        (await gateway.ChargeAsync(new ChargeRequest("gift-2", new Money(5m, "USD"), "pm_old", "gift", "ref-2"))).DeclineCode
            .ShouldBe(DeclineCodes.CardDeclined); // it succeeded once, before
        var text = await File.ReadAllTextAsync(_path);
        text.ShouldNotContain(SimulatedGateway.SucceedsOnceThenDeclines);
        text.ShouldContain("\"behaviour\":\"succeeds-once\"");
        (await gateway.FindChargeAsync("gift-1")).Charge!.ChargeId.ShouldBe("ch_old");
    }

    [Fact]
    public async Task EventsNotAcknowledgedBeforeARestartAreSentAgainAndAcknowledgedOnesAreNot()
    {
        using (var journal = new SimulatedGatewayJournal(_path))
        {
            var before = new SimulatedGateway(TestTime.Clock(), journal);
            var token = (await before.TokenizeAsync(new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"))).Value!.Token;
            await before.ChargeAsync(new ChargeRequest("a", new Money(1m, "USD"), token, "gift", "delivered"));
            await before.ChargeAsync(new ChargeRequest("b", new Money(2m, "USD"), token, "gift", "lost"));
            before.Events.TryRead(out var delivered).ShouldBeTrue();
            before.Acknowledge(delivered!);
        }

        using var after = new SimulatedGatewayJournal(_path);
        var gateway = new SimulatedGateway(TestTime.Clock(), after);

        gateway.Events.TryRead(out var again).ShouldBeTrue();
        again!.Reference.ShouldBe("lost");
        gateway.Events.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task ALineTornByACrashIsSkippedAndTheJournalGoesOnCleanly()
    {
        string token;
        using (var journal = new SimulatedGatewayJournal(_path))
        {
            token = (await new SimulatedGateway(TestTime.Clock(), journal).TokenizeAsync(new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"))).Value!.Token;
        }
        await File.AppendAllTextAsync(_path, "{\"kind\":\"charge\",\"charge\":{\"idem"); // the crash

        string chargeId;
        using (var journal = new SimulatedGatewayJournal(_path))
        {
            var gateway = new SimulatedGateway(TestTime.Clock(), journal);
            chargeId = (await gateway.ChargeAsync(new ChargeRequest("after-crash", new Money(3m, "USD"), token, "gift", "r"))).ChargeId!;
        }

        using var reopened = new SimulatedGatewayJournal(_path);
        var restarted = new SimulatedGateway(TestTime.Clock(), reopened);
        // The same charge, read back: the entry after the torn line started on a line of its own.
        (await restarted.ChargeAsync(new ChargeRequest("after-crash", new Money(3m, "USD"), token, "gift", "r"))).ChargeId.ShouldBe(chargeId);
        restarted.Events.TryRead(out var resent).ShouldBeTrue(); // never acknowledged
        resent!.Reference.ShouldBe("r");
    }
}
