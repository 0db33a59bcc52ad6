using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Core.Giving;

[SharedEvent("donation-succeeded")]
public sealed record DonationSucceeded(Guid DonationId, Guid OrganizationId, Guid ProgramId);

[SharedEvent("journey-advanced")]
public sealed record JourneyAdvanced(Guid DonationId, Guid OrganizationId, JourneyStage Stage);

public sealed record DonationReceiptEmail(string DonorName, string CharityName, string? RegistrationNumber, string ProgramName,
    Money Amount, Money Charged, string ReceiptNumber, DateTimeOffset Date, string? CardLast4, bool TaxDeductible,
    string? DeductibilityText, string? Dedication, string JourneyUrl, string? CreateAccountUrl, RecurringLinks? Monthly = null) : IEmailModel
{
    public string Subject => $"Your receipt {ReceiptNumber} from {CharityName}";
}

public sealed record RefundEmail(string DonorName, string CharityName, string ReceiptNumber, Money Refunded, Money Kept) : IEmailModel
{
    public string Subject => $"Refund of {Refunded} for gift {ReceiptNumber}";
}

public sealed record JourneyMilestoneEmail(string DonorName, string CharityName, string ProgramName, string Stage, string? Note,
    string? Place, string JourneyUrl) : IEmailModel
{
    public string Subject => $"Your gift to {CharityName}: {Stage}";
}

/// <summary>
/// The one-click links every email about a monthly gift carries: signed, expiring, and usable without signing in. A suspended
/// gift's email offers what can be done to it (update the card and resume, or cancel), not a pause or skip it would refuse.
/// </summary>
public sealed record RecurringLinks(string Pause, string Skip, string Cancel, string Manage, string Resume = "", bool Suspended = false)
{
    public static RecurringLinks For(IAppLinks links, Guid recurringGiftId, RecurringStatus status = RecurringStatus.Active) => new(
        links.RecurringAction(recurringGiftId, RecurringAction.Pause), links.RecurringAction(recurringGiftId, RecurringAction.Skip),
        links.RecurringAction(recurringGiftId, RecurringAction.Cancel), links.DonorRecurring(),
        links.RecurringAction(recurringGiftId, RecurringAction.Resume), status == RecurringStatus.Suspended);
}

public sealed record RecurringDeclinedEmail(string DonorName, string CharityName, string ProgramName, Money Amount, string Reason,
    DateTimeOffset? NextTry, RecurringLinks Links) : IEmailModel
{
    public string Subject => NextTry is null
        ? $"Your monthly gift to {CharityName} is suspended"
        : $"Your monthly gift to {CharityName} could not be charged";
}
