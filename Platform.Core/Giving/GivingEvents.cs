using Platform.Core.Common;
using Platform.Core.Messaging;

namespace Platform.Core.Giving;

public sealed record DonationSucceeded(Guid DonationId, Guid OrganizationId, Guid ProgramId);

public sealed record JourneyAdvanced(Guid DonationId, Guid OrganizationId, JourneyStage Stage);

public sealed record DonationReceiptEmail(string DonorName, string CharityName, string? RegistrationNumber, string ProgramName,
    Money Amount, Money Charged, string ReceiptNumber, DateTimeOffset Date, string? CardLast4, bool TaxDeductible,
    string? DeductibilityText, string? Dedication, string JourneyUrl, string? CreateAccountUrl) : IEmailModel
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
