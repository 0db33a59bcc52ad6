using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using Platform.Core.Payments;
using Platform.Tests.Support;

namespace Platform.Tests.Unit;

public sealed class SimulatedGatewayTests
{
    private readonly SimulatedGateway _gateway = new(TestTime.Clock());

    private async Task<ChargeResult> ChargeAsync(string card, string? key = null, decimal amount = 10m)
    {
        var token = (await _gateway.TokenizeAsync(new CardDetails(card, 12, 2030, "123"))).Value!.Token;
        return await _gateway.ChargeAsync(new ChargeRequest(key ?? Guid.NewGuid().ToString(), new Money(amount, "USD"), token, "test", "ref"));
    }

    [Theory]
    [InlineData(SimulatedGateway.Succeeds, ChargeStatus.Pending, null)]
    [InlineData(SimulatedGateway.Declined, ChargeStatus.Declined, DeclineCodes.CardDeclined)]
    [InlineData(SimulatedGateway.InsufficientFunds, ChargeStatus.Declined, DeclineCodes.InsufficientFunds)]
    public async Task TestCardsBehaveAsDocumented(string card, ChargeStatus status, string? code)
    {
        var result = await ChargeAsync(card);

        result.Status.ShouldBe(status);
        result.DeclineCode.ShouldBe(code);
        _gateway.Events.TryRead(out var confirmation).ShouldBe(status == ChargeStatus.Pending);
        if (status == ChargeStatus.Pending)
        {
            confirmation!.ChargeId.ShouldBe(result.ChargeId);
            confirmation.Type.ShouldBe(GatewayEvent.ChargeSucceeded);
        }
    }

    [Fact]
    public async Task The0341CardSucceedsOnceThenIsDeclined()
    {
        (await ChargeAsync(SimulatedGateway.SucceedsOnceThenDeclines)).Status.ShouldBe(ChargeStatus.Pending);
        (await ChargeAsync(SimulatedGateway.SucceedsOnceThenDeclines)).Status.ShouldBe(ChargeStatus.Declined);
    }

    [Fact]
    public async Task ARepeatedKeyReturnsTheFirstChargeAndChargesOnce()
    {
        var token = (await _gateway.TokenizeAsync(new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"))).Value!.Token;
        var request = new ChargeRequest("key-1", new Money(10m, "USD"), token, "test", "ref");

        var first = await _gateway.ChargeAsync(request);
        var again = await _gateway.ChargeAsync(request);
        var reused = await _gateway.ChargeAsync(request with { Amount = new Money(99m, "USD") });

        again.ChargeId.ShouldBe(first.ChargeId);
        reused.DeclineCode.ShouldBe("idempotency_key_reused");
        _gateway.Events.TryRead(out _).ShouldBeTrue();
        _gateway.Events.TryRead(out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("4242 4242 4242 4241", 12, 2030, "123", "CardNumber")]
    [InlineData("4242 4242 4242 4242", 13, 2030, "123", "Expiry")]
    [InlineData("4242 4242 4242 4242", 10, 2026, "123", "Expiry")]
    [InlineData("4242 4242 4242 4242", 12, 2030, "12", "Cvc")]
    public async Task BadCardDetailsAreNamed(string number, int month, int year, string cvc, string field) =>
        (await _gateway.TokenizeAsync(new CardDetails(number, month, year, cvc))).Status.Errors.Keys.ShouldContain(field);

    [Fact]
    public async Task RefundsCannotExceedTheCharge()
    {
        var charge = await ChargeAsync(SimulatedGateway.Succeeds, amount: 50m);

        (await _gateway.RefundAsync(new RefundRequest("r1", charge.ChargeId!, new Money(30m, "USD")))).Succeeded.ShouldBeTrue();
        (await _gateway.RefundAsync(new RefundRequest("r2", charge.ChargeId!, new Money(30m, "USD")))).Succeeded.ShouldBeFalse();
        (await _gateway.RefundAsync(new RefundRequest("r3", charge.ChargeId!, new Money(20m, "USD")))).Succeeded.ShouldBeTrue();
    }
}
