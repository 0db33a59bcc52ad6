using Platform.Core.Common;

namespace Platform.Core.Tenancy;

/// <summary>A branch of an organization: a gym floor, a clinic, a charity's field office.</summary>
public sealed class Location : Entity, ITenantOwned
{
    public const int NameMaxLength = 120;
    public const int AddressMaxLength = 300;

    private Location()
    {
    }

    public Location(Guid organizationId, string name, string? address, string timeZone)
    {
        OrganizationId = organizationId;
        Update(name, address, timeZone);
    }

    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Address { get; private set; }
    public string TimeZone { get; private set; } = "UTC";
    public bool IsArchived { get; private set; }

    public void Update(string name, string? address, string timeZone)
    {
        Name = name.Trim();
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        TimeZone = timeZone;
    }

    public void Archive() => IsArchived = true;

    public void Restore() => IsArchived = false;
}
