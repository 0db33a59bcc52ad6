namespace Platform.Core.Tenancy;

public enum OrganizationKind
{
    Gym,
    Clinic,
    Charity,
    Business,
    CreatorStudio,
}

public enum OrganizationStatus
{
    Trial,
    Active,
    Suspended,
    Expired,
}

public enum MembershipRole
{
    Staff,
    Manager,
    Owner,
}
