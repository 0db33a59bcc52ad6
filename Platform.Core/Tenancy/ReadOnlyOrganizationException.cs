namespace Platform.Core.Tenancy;

/// <summary>
/// A member tried to change the data of an organization that is read-only: its trial ended (it can still sign in, read,
/// export and choose a plan) or staff suspended it.
/// </summary>
public sealed class ReadOnlyOrganizationException(OrganizationStatus status) : InvalidOperationException(status == OrganizationStatus.Suspended
    ? "This organization is suspended, so its data is read-only. Contact support to lift the suspension."
    : "This organization's trial has ended, so its data is read-only. Choose a plan to make changes again; it takes effect at once.")
{
    public OrganizationStatus Status { get; } = status;
}
