using System.Collections.Concurrent;
using System.Threading.Channels;
using Platform.Core.Common;

namespace Platform.Core.Payments;

/// <summary>
/// A card gateway that behaves like a real one, for the embedded default, demos and tests. Test cards:
/// <list type="bullet">
/// <item>4242 4242 4242 4242 succeeds;</item>
/// <item>4000 0000 0000 0002 is declined;</item>
/// <item>4000 0000 0000 9995 is declined for insufficient funds;</item>
/// <item>4000 0000 0000 0341 succeeds once, then every later charge is declined (for recurring gifts).</item>
/// </list>
/// Other numbers that pass the Luhn check succeed. Accepted charges are confirmed by an event on
/// <see cref="Events"/>, which the web host delivers to its own webhook endpoint, signed. A repeated idempotency
/// key returns the first answer; reusing a key for a different request is refused, as real gateways do.
/// With a <see cref="SimulatedGatewayJournal"/> it remembers all of this across restarts; without one (tests), in memory.
/// </summary>
public sealed class SimulatedGateway : IPaymentGateway
{
    public const string Succeeds = "4242424242424242";
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string SucceedsOnceThenDeclines = "4000000000000341";

    private readonly ConcurrentDictionary<string, string> _behaviourByToken = new();
    private readonly ConcurrentDictionary<string, int> _chargesByBehaviour = new();
    private readonly ConcurrentDictionary<string, (ChargeRequest Request, ChargeResult Result)> _charges = new();
    private readonly ConcurrentDictionary<string, (RefundRequest Request, RefundResult Result)> _refunds = new();
    private readonly ConcurrentDictionary<string, (Money Charged, decimal Refunded)> _chargeAmounts = new();
    private readonly ConcurrentDictionary<string, (PayoutRequest Request, PayoutResult Result)> _payouts = new();
    private readonly ConcurrentDictionary<string, GatewayEvent> _outcomes = new();
    private readonly Channel<GatewayEvent> _events = Channel.CreateUnbounded<GatewayEvent>();
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly SimulatedGatewayJournal? _journal;

    public SimulatedGateway(TimeProvider clock, SimulatedGatewayJournal? journal = null)
    {
        _clock = clock;
        _journal = journal;
        if (journal is not null)
        {
            Replay(journal.ReadAll());
        }
    }

    /// <summary>Events waiting to be delivered to the webhook endpoint.</summary>
    public ChannelReader<GatewayEvent> Events => _events.Reader;

    public Task<Result<CardToken>> TokenizeAsync(CardDetails card, CancellationToken ct = default)
    {
        var number = new string(card.Number.Where(char.IsDigit).ToArray());
        var now = _clock.GetUtcNow();
        var validation = new Validation()
            .When(number.Length is < 12 or > 19 || !Luhn(number), "CardNumber", "The card number is not valid.")
            .When(card.ExpiryMonth is < 1 or > 12, "Expiry", "The expiry month is not valid.")
            .When(card.ExpiryYear < now.Year || (card.ExpiryYear == now.Year && card.ExpiryMonth < now.Month), "Expiry", "The card has expired.")
            .When(card.Cvc.Length is < 3 or > 4 || !card.Cvc.All(char.IsDigit), "Cvc", "The security code must be 3 or 4 digits.");
        if (!validation.IsValid)
        {
            return Task.FromResult(Result<CardToken>.Fail(Result.From(validation)));
        }
        var token = "pm_" + Guid.NewGuid().ToString("N");
        // Like a real gateway's customer side, the journal keeps the token, brand and last four digits, and what the
        // test card does; never the number.
        Keep(GatewayJournalEntry.SavedCard(token, number));
        return Task.FromResult(Result<CardToken>.Ok(new CardToken(token, CardBehaviour.Brand(number), number[^4..])));
    }

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_charges.TryGetValue(request.IdempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier.Request == request
                    ? earlier.Result
                    : new ChargeResult(ChargeStatus.Declined, null, "idempotency_key_reused", "This idempotency key was used for a different charge."));
            }
            var result = Decide(request);
            Keep(new GatewayJournalEntry(GatewayJournalEntry.ChargeKind, Charge: request, ChargeResult: result));
            if (result is { Status: ChargeStatus.Pending, ChargeId: { } chargeId })
            {
                var confirmation = new GatewayEvent("evt_" + Guid.NewGuid().ToString("N"), GatewayEvent.ChargeSucceeded, chargeId,
                    request.Amount.Amount, request.Amount.Currency, null, _clock.GetUtcNow(), request.Reference);
                Keep(new GatewayJournalEntry(GatewayJournalEntry.EventKind, Event: confirmation));
                _events.Writer.TryWrite(confirmation);
            }
            return Task.FromResult(result);
        }
    }

    public Task<ChargeLookup> FindChargeAsync(string idempotencyKey, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_charges.TryGetValue(idempotencyKey, out var charge))
            {
                return Task.FromResult(ChargeLookup.NeverCharged);
            }
            var outcome = charge.Result.ChargeId is { } chargeId ? _outcomes.GetValueOrDefault(chargeId) : null;
            return Task.FromResult(new ChargeLookup(charge.Result, outcome));
        }
    }

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_refunds.TryGetValue(request.IdempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier.Request == request ? earlier.Result : new RefundResult(false, null, "This idempotency key was used for a different refund."));
            }
            RefundResult result;
            if (!_chargeAmounts.TryGetValue(request.ChargeId, out var charge))
            {
                result = new RefundResult(false, null, "No such charge.");
            }
            else if (request.Amount.Currency != charge.Charged.Currency || request.Amount.Amount <= 0m
                     || charge.Refunded + request.Amount.Amount > charge.Charged.Amount)
            {
                result = new RefundResult(false, null, "The refund is more than what is left of the charge.");
            }
            else
            {
                result = new RefundResult(true, "re_" + Guid.NewGuid().ToString("N"), null);
            }
            Keep(new GatewayJournalEntry(GatewayJournalEntry.RefundKind, Refund: request, RefundResult: result));
            return Task.FromResult(result);
        }
    }

    public Task<PayoutResult> PayoutAsync(PayoutRequest request, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_payouts.TryGetValue(request.IdempotencyKey, out var earlier))
            {
                return Task.FromResult(earlier.Request == request ? earlier.Result : new PayoutResult(false, null, "This idempotency key was used for a different payout."));
            }
            var result = request.Amount.Amount <= 0m
                ? new PayoutResult(false, null, "A payout must be more than zero.")
                : new PayoutResult(true, "po_" + Guid.NewGuid().ToString("N"), null);
            Keep(new GatewayJournalEntry(GatewayJournalEntry.PayoutKind, Payout: request, PayoutResult: result));
            return Task.FromResult(result);
        }
    }

    /// <summary>The webhook endpoint answered 2xx: the event is not sent again, even after a restart.</summary>
    public void Acknowledge(GatewayEvent delivered)
    {
        lock (_lock)
        {
            Keep(new GatewayJournalEntry(GatewayJournalEntry.Delivered, Event: delivered));
        }
    }

    /// <summary>How many payouts the simulated bank rails have sent, for tests that count money out.</summary>
    public int PayoutsSent => _payouts.Values.Count(p => p.Result.Succeeded);

    private ChargeResult Decide(ChargeRequest request)
    {
        if (!_behaviourByToken.TryGetValue(request.PaymentMethodToken, out var behaviour))
        {
            return new ChargeResult(ChargeStatus.Declined, null, DeclineCodes.UnknownPaymentMethod, ChargeResult.Explain(DeclineCodes.UnknownPaymentMethod));
        }
        // One number behaves as each test card does, so counting a behaviour's charges counts that card's.
        var previous = _chargesByBehaviour.GetValueOrDefault(behaviour);
        var decline = behaviour switch
        {
            CardBehaviour.Declined => DeclineCodes.CardDeclined,
            CardBehaviour.InsufficientFunds => DeclineCodes.InsufficientFunds,
            CardBehaviour.SucceedsOnce when previous > 0 => DeclineCodes.CardDeclined,
            _ => null,
        };
        return decline is null
            ? new ChargeResult(ChargeStatus.Pending, "ch_" + Guid.NewGuid().ToString("N"), null, null)
            : new ChargeResult(ChargeStatus.Declined, null, decline, ChargeResult.Explain(decline));
    }

    // Writes down what happened, then applies it: the same path a restart's replay takes, so both end in one state.
    private void Keep(GatewayJournalEntry entry)
    {
        _journal?.Append(entry);
        Apply(entry);
    }

    private void Replay(IEnumerable<GatewayJournalEntry> entries)
    {
        var undelivered = new Dictionary<string, GatewayEvent>();
        foreach (var entry in entries)
        {
            Apply(entry);
            if (entry is { Kind: GatewayJournalEntry.EventKind, Event: { } sent })
            {
                undelivered[sent.Id] = sent;
            }
            else if (entry is { Kind: GatewayJournalEntry.Delivered, Event: { } delivered })
            {
                undelivered.Remove(delivered.Id);
            }
        }
        foreach (var pending in undelivered.Values)
        {
            _events.Writer.TryWrite(pending); // sent again, as a real gateway retries until acknowledged
        }
    }

    private void Apply(GatewayJournalEntry entry)
    {
        switch (entry)
        {
            case { Kind: GatewayJournalEntry.Card, Token: { } token, Behaviour: { } behaviour }:
                _behaviourByToken[token] = behaviour;
                break;
            case { Kind: GatewayJournalEntry.ChargeKind, Charge: { } charge, ChargeResult: { } result }:
                _charges[charge.IdempotencyKey] = (charge, result);
                if (_behaviourByToken.TryGetValue(charge.PaymentMethodToken, out var card))
                {
                    _chargesByBehaviour.AddOrUpdate(card, 1, (_, n) => n + 1);
                }
                if (result is { Status: ChargeStatus.Pending, ChargeId: { } chargeId })
                {
                    _chargeAmounts[chargeId] = (charge.Amount, 0m);
                }
                break;
            case { Kind: GatewayJournalEntry.RefundKind, Refund: { } refund, RefundResult: { } result }:
                _refunds[refund.IdempotencyKey] = (refund, result);
                if (result.Succeeded && _chargeAmounts.TryGetValue(refund.ChargeId, out var refunded))
                {
                    _chargeAmounts[refund.ChargeId] = refunded with { Refunded = refunded.Refunded + refund.Amount.Amount };
                }
                break;
            case { Kind: GatewayJournalEntry.PayoutKind, Payout: { } payout, PayoutResult: { } result }:
                _payouts[payout.IdempotencyKey] = (payout, result);
                break;
            case { Kind: GatewayJournalEntry.EventKind, Event: { } outcome }:
                _outcomes[outcome.ChargeId] = outcome;
                break;
        }
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}

/// <summary>What a saved card does when charged, kept in place of its number.</summary>
public static class CardBehaviour
{
    public const string Succeeds = "succeeds";
    public const string Declined = "declined";
    public const string InsufficientFunds = "insufficient-funds";
    public const string SucceedsOnce = "succeeds-once";

    public static string Of(string number) => number switch
    {
        SimulatedGateway.Declined => Declined,
        SimulatedGateway.InsufficientFunds => InsufficientFunds,
        SimulatedGateway.SucceedsOnceThenDeclines => SucceedsOnce,
        _ => Succeeds,
    };

    public static string Brand(string number) => number[0] switch { '4' => "Visa", '5' => "Mastercard", '3' => "Amex", _ => "Card" };
}
