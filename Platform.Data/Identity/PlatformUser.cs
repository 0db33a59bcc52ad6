using Microsoft.AspNetCore.Identity;

namespace Platform.Data.Identity;

/// <summary>An account. What a user may do comes from platform roles and organization memberships.</summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public PlatformUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    /// <summary>The organization chosen in the app bar; kept across sign-ins.</summary>
    public Guid? ActiveOrganizationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Light, dark, or the browser's choice; kept with the account so every device shows the same.</summary>
    public ColorScheme ColorScheme { get; set; }

    /// <summary>The portal the person last worked in (admin, merchant, creator, donor): where signing in lands.</summary>
    public string? LastPortal { get; set; }

    public const int PortalMaxLength = 20;
}

public enum ColorScheme
{
    System,
    Light,
    Dark,
}

public sealed class PlatformRole : IdentityRole<Guid>
{
    public PlatformRole()
    {
        Id = Guid.CreateVersion7();
    }

    public PlatformRole(string name) : this() => Name = name;
}

/// <summary>A one-time, 15-minute passwordless sign-in link. Only the token's hash is stored.</summary>
public sealed class MagicLinkToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
