using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public enum RecurringStatus
{
    /// <summary>Waiting for the first month's gift to be confirmed.</summary>
    Pending,
    Active,
    Paused,

    /// <summary>Every retry of a month's charge failed; the donor resumes it to try again.</summary>
    Suspended,
    Cancelled,
}

public enum RecurringAction
{
    Pause,
    Resume,
    Skip,
    Cancel,
}

/// <summary>
/// A monthly gift: the first month is an ordinary gift made at sign-up; each later month is charged by the
/// recurring-gifts job on <see cref="NextChargeAt"/>. A declined month is retried three times over seven days
/// (<see cref="RetryDays"/>), with an email each time, then the gift is suspended. Every charge attempt gets the next number
/// of the gift's own counter, recorded before the charge is made, and that number is the charge's idempotency key: a run
/// that stops half-way finds the attempt it made instead of making another, so no month is charged twice.
/// </summary>
public sealed class RecurringGift : Entity, IDonorOwned, ILocationScoped
{
    /// <summary>Days after the due date on which a declined month is tried again.</summary>
    public static readonly int[] RetryDays = [1, 3, 7];

    private RecurringGift()
    {
    }

    public RecurringGift(CharityProgram program, GiftDetails details, Money amount, string cardToken, string cardLast4, DateTimeOffset now)
    {
        OrganizationId = program.OrganizationId;
        LocationId = program.LocationId;
        ProgramId = program.Id;
        DonorUserId = details.DonorUserId;
        DonorEmail = Validation.NormalizeEmail(details.Email);
        DonorName = details.Name.Trim();
        PostalAddress = string.IsNullOrWhiteSpace(details.PostalAddress) ? null : details.PostalAddress.Trim();
        CoverFee = details.CoverFee;
        IsAnonymous = details.Anonymous;
        Amount = amount.Amount;
        Currency = amount.Currency;
        CardToken = cardToken;
        CardLast4 = cardLast4;
        CreatedAt = now;
        NextChargeAt = now.AddMonths(1);
        Status = RecurringStatus.Pending;
    }

    public Guid OrganizationId { get; private set; }
    public Guid LocationId { get; private set; }
    public Guid ProgramId { get; private set; }
    public Guid? DonorUserId { get; private set; }
    public string DonorEmail { get; private set; } = "";
    public string DonorName { get; private set; } = "";
    public string? PostalAddress { get; private set; }
    public bool CoverFee { get; private set; }
    public bool IsAnonymous { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string CardToken { get; private set; } = "";
    public string CardLast4 { get; private set; } = "";
    public RecurringStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the current month is due.</summary>
    public DateTimeOffset NextChargeAt { get; private set; }

    /// <summary>The number of the month being charged: 0 is the gift made at sign-up.</summary>
    public int Month { get; private set; } = 1;

    /// <summary>Declined attempts for the current month, each already emailed to the donor.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>When a declined month is tried next; null while none has failed.</summary>
    public DateTimeOffset? RetryAt { get; private set; }
    public string? LastFailure { get; private set; }

    public Money Gift => new(Amount, Currency);

    /// <summary>When the job next looks at this gift.</summary>
    public DateTimeOffset DueAt => RetryAt ?? NextChargeAt;

    /// <summary>Charge attempts ever made for this gift after the first month; numbers the attempts' keys.</summary>
    public int ChargeAttempts { get; private set; }

    /// <summary>The key of the attempt made but not yet settled (its gift is pending), if any.</summary>
    public string? PendingAttemptKey { get; private set; }

    /// <summary>Records a new attempt before the card is charged, and returns its idempotency key.</summary>
    public string StartAttempt()
    {
        ChargeAttempts++;
        PendingAttemptKey = $"recurring:{Id:N}:{ChargeAttempts}";
        return PendingAttemptKey;
    }

    public bool Can(RecurringAction action) => Allows(Status, action);

    /// <summary>Whether a gift in <paramref name="status"/> can be paused, resumed, skipped or cancelled.</summary>
    public static bool Allows(RecurringStatus status, RecurringAction action) => action switch
    {
        RecurringAction.Pause => status == RecurringStatus.Active,
        RecurringAction.Resume => status is RecurringStatus.Paused or RecurringStatus.Suspended,
        RecurringAction.Skip => status == RecurringStatus.Active,
        RecurringAction.Cancel => status is not RecurringStatus.Cancelled,
        _ => false,
    };

    /// <summary>What can be done to a gift in <paramref name="status"/>, in the order it is offered.</summary>
    public static IReadOnlyList<RecurringAction> ActionsFor(RecurringStatus status) =>
        Enum.GetValues<RecurringAction>().Where(a => Allows(status, a)).ToList();

    /// <summary>The first month's gift went through.</summary>
    public void Activate()
    {
        if (Status == RecurringStatus.Pending)
        {
            Status = RecurringStatus.Active;
        }
    }

    public void Apply(RecurringAction action, DateTimeOffset now)
    {
        if (!Can(action))
        {
            throw new InvalidOperationException($"A {Status} monthly gift cannot be {action}d.");
        }
        switch (action)
        {
            case RecurringAction.Pause:
                Status = RecurringStatus.Paused;
                break;
            case RecurringAction.Resume:
                Status = RecurringStatus.Active;
                // The decline that suspended it is history now; the next charge is a fresh start.
                (FailedAttempts, RetryAt, LastFailure) = (0, null, null);
                while (NextChargeAt < now.AddDays(-RetryDays[^1]))
                {
                    // Months missed while paused or suspended are not charged later.
                    NextChargeAt = NextChargeAt.AddMonths(1);
                    Month++;
                }
                break;
            case RecurringAction.Skip:
                NextChargeAt = NextChargeAt.AddMonths(1);
                Month++;
                (FailedAttempts, RetryAt) = (0, null);
                break;
            case RecurringAction.Cancel:
                Status = RecurringStatus.Cancelled;
                break;
        }
    }

    public void ChangeAmount(Money amount) => Amount = (amount with { Currency = Currency }).Amount;

    /// <summary>Charges later months to another card, kept by the gateway under <paramref name="cardToken"/>.</summary>
    public void ChangeCard(string cardToken, string cardLast4)
    {
        if (Status == RecurringStatus.Cancelled)
        {
            throw new InvalidOperationException("A cancelled monthly gift has no card to change.");
        }
        (CardToken, CardLast4) = (cardToken, cardLast4);
    }

    /// <summary>This month's gift succeeded: on to the next month.</summary>
    public void MonthPaid()
    {
        Month++;
        NextChargeAt = NextChargeAt.AddMonths(1);
        (FailedAttempts, RetryAt, LastFailure, PendingAttemptKey) = (0, null, null, null);
    }

    /// <summary>This month's attempt was declined. Returns when it is tried again, or null when the gift is now suspended.</summary>
    public DateTimeOffset? AttemptFailed(string reason)
    {
        PendingAttemptKey = null;
        LastFailure = reason;
        FailedAttempts++;
        if (FailedAttempts > RetryDays.Length)
        {
            Status = RecurringStatus.Suspended;
            RetryAt = null;
            return null;
        }
        RetryAt = NextChargeAt.AddDays(RetryDays[FailedAttempts - 1]);
        return RetryAt;
    }

    /// <summary>The first month's gift was declined: the monthly gift never starts.</summary>
    public void NeverStarted(string reason)
    {
        Status = RecurringStatus.Cancelled;
        LastFailure = reason;
    }
}
