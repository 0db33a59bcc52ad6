namespace Platform.Core.Access;

/// <summary>Roles for platform staff; merchants get their rights from memberships instead.</summary>
public static class PlatformRoles
{
    public const string PlatformAdmin = "PlatformAdmin";
    public const string Support = "Support";

    public static IReadOnlyList<string> All { get; } = [PlatformAdmin, Support];
}

/// <summary>Authorization policies, one per portal.</summary>
public static class PortalPolicies
{
    public const string Admin = "portal:admin";
    public const string Merchant = "portal:merchant";
    public const string MerchantManager = "portal:merchant:manager";
    public const string Creator = "portal:creator";
    public const string Donor = "portal:donor";
}

/// <summary>Claim types the platform adds to a signed-in user.</summary>
public static class PlatformClaims
{
    public const string DisplayName = "platform:name";
    public const string OrganizationId = "platform:org";
    public const string OrganizationName = "platform:org-name";
    public const string Role = "platform:org-role";
    public const string Location = "platform:location";
    public const string ImpersonatorId = "platform:impersonator";
    public const string ImpersonatorName = "platform:impersonator-name";
}
