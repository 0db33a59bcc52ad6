using Platform.Core.Common;

namespace Platform.Core.Tenancy;

/// <summary>A tenant: a gym, clinic, charity, business or creator studio.</summary>
public sealed class Organization : Entity
{
    public const int NameMaxLength = 120;
    public const int SlugMaxLength = 60;
    public const int TimeZoneMaxLength = 64;
    public const int PlanMaxLength = 40;
    public const int LogoUrlMaxLength = 400;
    public const int TrialDays = 30;
    public const string DefaultPrimaryColor = "#3f51b5";
    public const int RegistrationNumberMaxLength = 60;
    public const int DeductibilityTextMaxLength = 1000;

    private Organization()
    {
    }

    public Organization(string name, string slug, OrganizationKind kind, DateTimeOffset now, string timeZone = "UTC")
    {
        Name = name.Trim();
        Slug = slug.Trim();
        Kind = kind;
        TimeZone = timeZone;
        CreatedAt = now;
        StartTrial(now);
    }

    public string Name { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public OrganizationStatus Status { get; private set; }
    public string Plan { get; private set; } = Plans.Trial;
    public DateTimeOffset? TrialEndsAt { get; private set; }
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>The zone its days, months and years are counted in (UTC if <see cref="TimeZone"/> is unknown here).</summary>
    public TimeZoneInfo Zone() => TimeZones.Find(TimeZone);
    public string Currency { get; private set; } = "USD";
    public string? LogoUrl { get; private set; }
    public string PrimaryColor { get; private set; } = DefaultPrimaryColor;
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A charity's registration number, printed on receipts and tax statements.</summary>
    public string? RegistrationNumber { get; private set; }

    /// <summary>Whether gifts to this charity are tax-deductible (and so appear on tax statements).</summary>
    public bool IsTaxDeductible { get; private set; }

    /// <summary>The deductibility wording the charity sets for its statements.</summary>
    public string? DeductibilityText { get; private set; }

    public bool IsReadOnly => Status is OrganizationStatus.Expired or OrganizationStatus.Suspended;

    public void Rename(string name, string slug)
    {
        Name = name.Trim();
        Slug = slug.Trim();
    }

    public void SetRegional(string timeZone, string currency)
    {
        TimeZone = timeZone;
        Currency = currency;
    }

    public void Brand(string? logoUrl, string primaryColor)
    {
        LogoUrl = string.IsNullOrWhiteSpace(logoUrl) ? null : logoUrl.Trim();
        PrimaryColor = primaryColor;
    }

    public void SetCharityDetails(string? registrationNumber, bool taxDeductible, string? deductibilityText)
    {
        RegistrationNumber = string.IsNullOrWhiteSpace(registrationNumber) ? null : registrationNumber.Trim();
        IsTaxDeductible = taxDeductible;
        DeductibilityText = string.IsNullOrWhiteSpace(deductibilityText) ? null : deductibilityText.Trim();
    }

    /// <summary>The days-before-the-end reminders already sent for the current trial (7, 3 and 1), as bit flags.</summary>
    public int TrialRemindersSent { get; private set; }

    public void StartTrial(DateTimeOffset now)
    {
        Status = OrganizationStatus.Trial;
        Plan = Plans.Trial;
        TrialEndsAt = now.AddDays(TrialDays);
        TrialRemindersSent = 0;
    }

    /// <summary>More days of trial, counted from the end of the current one or from now if it has passed; reopens an expired trial.</summary>
    public void ExtendTrial(int days, DateTimeOffset now)
    {
        var from = TrialEndsAt is { } end && end > now ? end : now;
        Status = OrganizationStatus.Trial;
        Plan = Plans.Trial;
        TrialEndsAt = from.AddDays(days);
        TrialRemindersSent = 0;
    }

    public bool TrialReminderSent(int daysBefore) => (TrialRemindersSent & (1 << daysBefore)) != 0;

    public void MarkTrialReminder(int daysBefore) => TrialRemindersSent |= 1 << daysBefore;

    /// <summary>When the organization first moved from its trial to a paid plan; null while it never has.</summary>
    public DateTimeOffset? ConvertedAt { get; private set; }

    public void Activate(string plan, DateTimeOffset now)
    {
        if (Status is OrganizationStatus.Trial or OrganizationStatus.Expired && ConvertedAt is null)
        {
            ConvertedAt = now;
        }
        Status = OrganizationStatus.Active;
        Plan = plan;
        TrialEndsAt = null;
    }

    public void Suspend() => Status = OrganizationStatus.Suspended;

    public void Expire() => Status = OrganizationStatus.Expired;
}

public static class Plans
{
    public const string Trial = "trial";
    public const string Starter = "starter";
    public const string Growth = "growth";
    public const string Scale = "scale";

    public static IReadOnlyList<string> All { get; } = [Trial, Starter, Growth, Scale];
}
