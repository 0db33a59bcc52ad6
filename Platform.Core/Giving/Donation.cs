using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public enum DonationStatus
{
    Pending,
    Succeeded,
    Failed,
    Refunded,
    PartiallyRefunded,

    /// <summary>Never charged: the gift was recorded but the gateway has no charge under its key (the donor gave up, or we stopped before charging).</summary>
    Abandoned,
}

public static class DonationStatuses
{
    /// <summary>How a status reads to people: a pending gift is being confirmed by the gateway.</summary>
    public static string Label(this DonationStatus status) => status == DonationStatus.Pending ? "Confirming" : StatusNames.Of(status);

    /// <summary>The statuses a list of gifts offers as filters: every one but abandoned, which is not a gift.</summary>
    public static IReadOnlyList<DonationStatus> Listed { get; } = Enum.GetValues<DonationStatus>().Where(s => s != DonationStatus.Abandoned).ToList();
}

/// <summary>
/// One gift to one program. The donor's card is charged <see cref="Charged"/>; the charity receives
/// <see cref="Charged"/> less <see cref="Fee"/>. Created pending with its idempotency key (unique), so a double
/// submit finds the first gift instead of making a second.
/// </summary>
public sealed class Donation : Entity, IDonorOwned, ILocationScoped
{
    public const int NameMaxLength = 120;
    public const int AddressMaxLength = 400;
    public const int DedicationMaxLength = 200;
    public const int KeyMaxLength = 100;
    public const int RefundReasonMaxLength = 200;

    private Donation()
    {
    }

    public Donation(CharityProgram program, GiftDetails gift, Money amount, Money fee, string idempotencyKey, DateTimeOffset now)
    {
        OrganizationId = program.OrganizationId;
        LocationId = program.LocationId;
        ProgramId = program.Id;
        DonorUserId = gift.DonorUserId;
        DonorEmail = Validation.NormalizeEmail(gift.Email);
        DonorName = gift.Name.Trim();
        PostalAddress = string.IsNullOrWhiteSpace(gift.PostalAddress) ? null : gift.PostalAddress.Trim();
        Amount = amount.Amount;
        Currency = amount.Currency;
        Fee = fee.Amount;
        CoverFee = gift.CoverFee;
        IsAnonymous = gift.Anonymous;
        Dedication = string.IsNullOrWhiteSpace(gift.Dedication) ? null : gift.Dedication.Trim();
        IdempotencyKey = idempotencyKey;
        CreatedAt = now;
        Status = DonationStatus.Pending;
        Stage = JourneyStage.Received;
    }

    public Guid OrganizationId { get; private set; }
    public Guid LocationId { get; private set; }
    public Guid ProgramId { get; private set; }
    public Guid? RecurringGiftId { get; private set; }
    public Guid? DonorUserId { get; private set; }
    public string DonorEmail { get; private set; } = "";
    public string DonorName { get; private set; } = "";
    public string? PostalAddress { get; private set; }

    /// <summary>The gift itself, what the donor chose.</summary>
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";

    /// <summary>The platform's processing fee on the gift.</summary>
    public decimal Fee { get; private set; }

    /// <summary>The donor added the fee on top, so the charity receives the whole gift.</summary>
    public bool CoverFee { get; private set; }
    public bool IsAnonymous { get; private set; }
    public string? Dedication { get; private set; }

    /// <summary>Whether the charity's gifts were tax-deductible when this one was made.</summary>
    public bool IsTaxDeductible { get; private set; }

    public DonationStatus Status { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string? ChargeId { get; private set; }
    public string? CardLast4 { get; private set; }
    public string? FailureMessage { get; private set; }

    /// <summary>Sequential per charity and year, e.g. R-2026-000042; set when the charge succeeds.</summary>
    public string? ReceiptNumber { get; private set; }
    public decimal RefundedAmount { get; private set; }

    /// <summary>When the latest refund was made; null while nothing is refunded.</summary>
    public DateTimeOffset? RefundedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SucceededAt { get; private set; }

    public JourneyStage Stage { get; private set; }
    public Guid? FamilyId { get; private set; }
    public DateTimeOffset? LastProgressAt { get; private set; }

    public Money Gift => new(Amount, Currency);
    public Money FeeMoney => new(Fee, Currency);
    public Money Charged => new(Amount + (CoverFee ? Fee : 0m), Currency);
    public Money NetToCharity => Charged - FeeMoney;
    public Money Refunded => new(RefundedAmount, Currency);

    /// <summary>What still counts as given: what was charged less what was refunded.</summary>
    public Money Kept => Charged - Refunded;

    /// <summary>What the charity is left with: the fee is not returned on a refund, so a full refund leaves it the fee short.</summary>
    public Money NetAfterRefunds => NetToCharity - Refunded;

    public void MarkTaxDeductible(bool deductible) => IsTaxDeductible = deductible;

    public void LinkRecurringGift(Guid recurringGiftId) => RecurringGiftId = recurringGiftId;

    /// <summary>The journey stages the donor asked to be emailed about, as bit flags.</summary>
    public int MilestoneEmails { get; private set; }

    public bool WantsEmailAt(JourneyStage stage) => (MilestoneEmails & (1 << (int)stage)) != 0;

    public void OptInto(IEnumerable<JourneyStage> stages) => MilestoneEmails = stages.Aggregate(0, (flags, s) => flags | (1 << (int)s));

    /// <summary>The card the gift is charged to, as the receipt names it.</summary>
    public void PaidWith(string cardLast4) => CardLast4 = cardLast4;

    /// <summary>Records the charge id: when the gateway accepts the charge, or from its confirmation if that arrives first.</summary>
    public void Confirming(string chargeId) => ChargeId ??= chargeId;

    public void Fail(string message)
    {
        if (Status == DonationStatus.Pending)
        {
            Status = DonationStatus.Failed;
            FailureMessage = message;
        }
    }

    /// <summary>
    /// The gateway has no charge under the gift's key: nothing was taken, and the gift is no longer shown as one. Only a
    /// gift still pending is abandoned.
    /// </summary>
    public void Abandon()
    {
        if (Status == DonationStatus.Pending)
        {
            Status = DonationStatus.Abandoned;
        }
    }

    /// <summary>
    /// Whether a confirmation may still settle the gift. An abandoned gift may still succeed: if the gateway confirms a
    /// charge after all, the money was taken and the gift must stand.
    /// </summary>
    public bool AwaitsConfirmation(bool succeeded) => Status == DonationStatus.Pending || (succeeded && Status == DonationStatus.Abandoned);

    public void Succeed(string receiptNumber, DateTimeOffset at)
    {
        if (!AwaitsConfirmation(succeeded: true))
        {
            throw new InvalidOperationException($"Donation {Id} is {Status}, not pending.");
        }
        Status = DonationStatus.Succeeded;
        ReceiptNumber = receiptNumber;
        SucceededAt = at;
        LastProgressAt = at;
    }

    public void Refund(Money amount, DateTimeOffset at)
    {
        RefundedAmount += (amount with { Currency = Currency }).Amount;
        RefundedAt = at;
        Status = RefundedAmount >= Charged.Amount ? DonationStatus.Refunded : DonationStatus.PartiallyRefunded;
    }

    internal void MoveTo(JourneyStage stage, Guid? familyId, DateTimeOffset at)
    {
        Stage = stage;
        if (familyId is not null)
        {
            FamilyId = familyId;
        }
        LastProgressAt = at;
    }
}

/// <summary>What the donor tells us about the gift, besides the amount and card.</summary>
public sealed record GiftDetails(string Email, string Name, string? PostalAddress, bool CoverFee, bool Anonymous, string? Dedication,
    Guid? DonorUserId);
