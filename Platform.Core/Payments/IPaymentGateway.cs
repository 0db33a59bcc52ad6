using Platform.Core.Common;

namespace Platform.Core.Payments;

/// <summary>
/// A card gateway. Charges are accepted or declined at once and confirmed later by a signed webhook event;
/// every request carries an idempotency key, and a repeated key returns the first answer without charging again.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Turns card details into a reusable payment method token; the card number never reaches our database.</summary>
    Task<Result<CardToken>> TokenizeAsync(CardDetails card, CancellationToken ct = default);

    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct = default);

    /// <summary>
    /// What became of the charge made under an idempotency key, for a gift whose answer we never recorded (we stopped
    /// between charging and recording): nothing, a decline, or an accepted charge with the event that settled it, if any.
    /// </summary>
    Task<ChargeLookup> FindChargeAsync(string idempotencyKey, CancellationToken ct = default);

    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default);

    /// <summary>Sends money out to a payee's bank account; a repeated key returns the first answer without paying again.</summary>
    Task<PayoutResult> PayoutAsync(PayoutRequest request, CancellationToken ct = default);
}

public sealed record PayoutRequest(string IdempotencyKey, Money Amount, string Payee, string Reference);

public sealed record PayoutResult(bool Succeeded, string? PayoutId, string? Message);

public sealed record CardDetails(string Number, int ExpiryMonth, int ExpiryYear, string Cvc);

public sealed record CardToken(string Token, string Brand, string Last4);

/// <summary>A charge. <paramref name="Reference"/> is ours (the gift's id) and comes back on the charge's events.</summary>
public sealed record ChargeRequest(string IdempotencyKey, Money Amount, string PaymentMethodToken, string Description, string Reference);

/// <summary>
/// The gateway's record of a charge: <see cref="Charge"/> is null when nothing was ever charged under the key;
/// <see cref="Outcome"/> is the charge.succeeded or charge.failed event of an accepted charge, null while it is processing.
/// </summary>
public sealed record ChargeLookup(ChargeResult? Charge, GatewayEvent? Outcome)
{
    public static ChargeLookup NeverCharged { get; } = new(null, null);
}

public enum ChargeStatus
{
    /// <summary>Accepted; a charge.succeeded or charge.failed event follows.</summary>
    Pending,
    Declined,
}

public sealed record ChargeResult(ChargeStatus Status, string? ChargeId, string? DeclineCode, string? Message)
{
    public static string Explain(string? declineCode) => declineCode switch
    {
        DeclineCodes.InsufficientFunds => "The card has insufficient funds.",
        DeclineCodes.CardDeclined => "The card was declined. Try another card or contact your bank.",
        DeclineCodes.UnknownPaymentMethod => "The saved card is no longer available. Add a card again.",
        _ => "The payment could not be completed.",
    };
}

public static class DeclineCodes
{
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string UnknownPaymentMethod = "unknown_payment_method";
}

public sealed record RefundRequest(string IdempotencyKey, string ChargeId, Money Amount);

public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message);

/// <summary>What the gateway tells us afterwards, delivered to /webhooks/gateway as signed JSON.</summary>
public sealed record GatewayEvent(string Id, string Type, string ChargeId, decimal Amount, string Currency, string? DeclineCode,
    DateTimeOffset CreatedAt, string? Reference = null)
{
    public const string ChargeSucceeded = "charge.succeeded";
    public const string ChargeFailed = "charge.failed";
}
