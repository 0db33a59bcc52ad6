using Platform.Core.Common;

namespace Platform.Core.Audit;

/// <summary>One row of the audit trail: an entity change or a security event. Never holds secrets.</summary>
public sealed class AuditEntry : Entity
{
    public const int ActionMaxLength = 64;
    public const int EntityTypeMaxLength = 100;

    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset at, string action, AuditActor actor, Guid? organizationId,
        string? entityType = null, string? entityId = null, string? changes = null, string? detail = null)
    {
        At = at;
        Action = action;
        UserId = actor.UserId;
        UserName = actor.UserName;
        ImpersonatorId = actor.ImpersonatorId;
        OrganizationId = organizationId;
        EntityType = entityType;
        EntityId = entityId;
        Changes = changes;
        Detail = detail;
        CorrelationId = actor.CorrelationId;
    }

    public DateTimeOffset At { get; private set; }
    public string Action { get; private set; } = "";
    public Guid? UserId { get; private set; }
    public string? UserName { get; private set; }
    public Guid? ImpersonatorId { get; private set; }
    public Guid? OrganizationId { get; private set; }
    public string? EntityType { get; private set; }
    public string? EntityId { get; private set; }

    /// <summary>JSON object: property name to { "old": …, "new": … }.</summary>
    public string? Changes { get; private set; }
    public string? Detail { get; private set; }
    public string? CorrelationId { get; private set; }
}

/// <summary>Who did something: the signed-in user, and the staff member impersonating them if any.</summary>
public sealed record AuditActor(Guid? UserId, string? UserName, Guid? ImpersonatorId, string? CorrelationId)
{
    public static AuditActor System { get; } = new(null, "system", null, null);
}

public interface ICurrentActor
{
    AuditActor Actor { get; }
}

/// <summary>Audit actions that are not entity changes.</summary>
public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string SignInSucceeded = "SignIn.Succeeded";
    public const string SignInFailed = "SignIn.Failed";
    public const string LockedOut = "SignIn.LockedOut";
    public const string SignedOut = "SignOut";
    public const string MagicLinkSent = "MagicLink.Sent";
    public const string TwoFactorEnabled = "TwoFactor.Enabled";
    public const string TwoFactorDisabled = "TwoFactor.Disabled";
    public const string RecoveryCodesGenerated = "TwoFactor.RecoveryCodesGenerated";
    public const string PasskeyAdded = "Passkey.Added";
    public const string PasskeyRenamed = "Passkey.Renamed";
    public const string PasskeyRemoved = "Passkey.Removed";
    public const string PasswordChanged = "Password.Changed";
    public const string PasswordReset = "Password.Reset";
    public const string Registered = "Account.Registered";
    public const string EmailConfirmed = "Account.EmailConfirmed";
    public const string OrganizationSwitched = "Organization.Switched";
    public const string InvitationAccepted = "Invitation.Accepted";
    public const string ImpersonationStarted = "Impersonation.Started";
    public const string ImpersonationEnded = "Impersonation.Ended";
    public const string SessionsRevoked = "Sessions.Revoked";
    public const string RegistrationAttempted = "Account.RegistrationAttempted";
    public const string ExternalLoginLinked = "Account.ExternalLoginLinked";
    public const string JobTriggered = "Job.Triggered";
    public const string JobPaused = "Job.Paused";
    public const string JobResumed = "Job.Resumed";
    public const string JobRescheduled = "Job.Rescheduled";
    public const string TenantFiltersLifted = "Tenancy.FiltersLifted";

    public static IReadOnlyList<string> All { get; } =
    [
        Created, Updated, Deleted, SignInSucceeded, SignInFailed, LockedOut, SignedOut, MagicLinkSent,
        TwoFactorEnabled, TwoFactorDisabled, RecoveryCodesGenerated, PasskeyAdded, PasskeyRenamed, PasskeyRemoved, PasswordChanged, PasswordReset,
        Registered, EmailConfirmed, OrganizationSwitched, InvitationAccepted, ImpersonationStarted, ImpersonationEnded,
        SessionsRevoked, RegistrationAttempted,
        JobTriggered, JobPaused, JobResumed, JobRescheduled, TenantFiltersLifted,
    ];
}
