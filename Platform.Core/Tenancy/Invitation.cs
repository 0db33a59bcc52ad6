using System.Security.Cryptography;
using Platform.Core.Common;

namespace Platform.Core.Tenancy;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
}

/// <summary>An invitation to join an organization with a role, sent by email, valid for seven days.</summary>
public sealed class Invitation : Entity, ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    public const int EmailMaxLength = 254;

    private List<Guid> _locationIds = [];

    private Invitation()
    {
    }

    public Invitation(Guid organizationId, string email, MembershipRole role, IEnumerable<Guid>? locationIds, Guid invitedBy, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        Email = Normalize(email);
        Role = role;
        _locationIds = role == MembershipRole.Owner ? [] : (locationIds ?? []).Distinct().ToList();
        InvitedByUserId = invitedBy;
        CreatedAt = now;
        Renew(now);
    }

    public Guid OrganizationId { get; private set; }
    public string Email { get; private set; } = "";
    public MembershipRole Role { get; private set; }
    public IReadOnlyList<Guid> LocationIds => _locationIds;
    public Guid InvitedByUserId { get; private set; }

    /// <summary>SHA-256 of the token: the token itself only ever exists in the email.</summary>
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public InvitationStatus Status { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public Guid? AcceptedByUserId { get; private set; }

    /// <summary>The token to put in the link; only available right after <see cref="Renew"/>.</summary>
    public string? IssuedToken { get; private set; }

    public bool IsUsable(DateTimeOffset now) => Status == InvitationStatus.Pending && now < ExpiresAt;

    /// <summary>Issues a new token and a fresh seven days; the old link stops working.</summary>
    public void Renew(DateTimeOffset now)
    {
        IssuedToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        TokenHash = Hash(IssuedToken);
        ExpiresAt = now + Lifetime;
    }

    public void Revoke() => Status = InvitationStatus.Revoked;

    public void Accept(Guid userId, DateTimeOffset now)
    {
        Status = InvitationStatus.Accepted;
        AcceptedAt = now;
        AcceptedByUserId = userId;
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token.Trim())));

    public static string Normalize(string email) => Validation.NormalizeEmail(email);
}
