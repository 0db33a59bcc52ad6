using Platform.Core.Tenancy;

namespace Platform.Web.Components.Pages.Start;

/// <summary>The create-organization form. Property names match <see cref="NewOrganization"/>'s, so the service's field messages land under these fields.</summary>
public sealed class NewOrganizationModel
{
    public OrganizationKind Kind { get; set; } = OrganizationKind.Gym;
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string LocationName { get; set; } = "";
    public string? LocationAddress { get; set; }
    public string? LocationTimeZone { get; set; } = "UTC";
    public string OwnerEmail { get; set; } = "";

    public NewOrganization ToInput() => new(Kind, Name, Slug, TimeZone, LocationName, LocationAddress, LocationTimeZone);
}
