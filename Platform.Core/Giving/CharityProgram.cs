using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>Something a charity raises money for, run from one of its locations.</summary>
public sealed class CharityProgram : Entity, ITenantOwned, ILocationScoped
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 4000;
    public const int RegionMaxLength = 120;
    public const int ImageUrlMaxLength = 400;

    private CharityProgram()
    {
    }

    public CharityProgram(Guid organizationId, Guid locationId, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        LocationId = locationId;
        CreatedAt = now;
        IsOpen = true;
    }

    public Guid OrganizationId { get; private set; }
    public Guid LocationId { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public decimal GoalAmount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? Region { get; private set; }
    public string? ImageUrl { get; private set; }
    public bool IsOpen { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public Money Goal => new(GoalAmount, Currency);

    public void Update(ProgramInput input)
    {
        LocationId = input.LocationId;
        Name = input.Name.Trim();
        Description = input.Description.Trim();
        GoalAmount = input.GoalAmount;
        Currency = input.Currency.ToUpperInvariant();
        Region = string.IsNullOrWhiteSpace(input.Region) ? null : input.Region.Trim();
        ImageUrl = string.IsNullOrWhiteSpace(input.ImageUrl) ? null : input.ImageUrl.Trim();
        IsOpen = input.IsOpen;
    }
}

public sealed record ProgramInput(Guid LocationId, string Name, string Description, decimal GoalAmount, string Currency,
    string? Region, string? ImageUrl, bool IsOpen = true);

/// <summary>A family or beneficiary a charity helps. Shown to donors only by its anonymised name and region.</summary>
public sealed class Family : Entity, ITenantOwned, ILocationScoped
{
    public const int DisplayNameMaxLength = 80;

    private Family()
    {
    }

    public Family(Guid organizationId, Guid locationId)
    {
        OrganizationId = organizationId;
        LocationId = locationId;
    }

    public Guid OrganizationId { get; private set; }
    public Guid LocationId { get; private set; }
    public string DisplayName { get; private set; } = "";
    public string Region { get; private set; } = "";
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public int HouseholdSize { get; private set; }

    public void Update(FamilyInput input)
    {
        LocationId = input.LocationId;
        DisplayName = input.DisplayName.Trim();
        Region = input.Region.Trim();
        Latitude = input.Latitude;
        Longitude = input.Longitude;
        HouseholdSize = input.HouseholdSize;
    }
}

public sealed record FamilyInput(Guid LocationId, string DisplayName, string Region, double? Latitude, double? Longitude, int HouseholdSize);
