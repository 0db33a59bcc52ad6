using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Messaging;

namespace Platform.Core.Tenancy;

public sealed record TeamMember(Guid MembershipId, Guid UserId, string Email, string DisplayName, MembershipRole Role,
    IReadOnlyList<Guid> LocationIds, DateTimeOffset JoinedAt);

public sealed record InviteInput(string Email, MembershipRole Role, IReadOnlyList<Guid> LocationIds);

/// <summary>The current organization's team: members, invitations and their acceptance.</summary>
public sealed class TeamService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    IUserDirectory users,
    IMailer mailer,
    IAppLinks links,
    ICurrentActor actor,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TeamMember>> MembersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var memberships = await db.Memberships.AsNoTracking().OrderBy(m => m.JoinedAt).ToListAsync(ct);
        var profiles = await users.GetAsync(memberships.Select(m => m.UserId), ct);
        return memberships
            .Select(m => profiles.TryGetValue(m.UserId, out var u)
                ? new TeamMember(m.Id, m.UserId, u.Email, u.DisplayName, m.Role, m.LocationIds, m.JoinedAt)
                : new TeamMember(m.Id, m.UserId, "(deleted user)", "(deleted user)", m.Role, m.LocationIds, m.JoinedAt))
            .OrderByDescending(m => m.Role).ThenBy(m => m.DisplayName)
            .ToList();
    }

    public async Task<IReadOnlyList<Invitation>> PendingInvitationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Invitations.AsNoTracking()
            .Where(i => i.Status == InvitationStatus.Pending)
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(ct);
    }

    public async Task<Result<Invitation>> InviteAsync(InviteInput input, CancellationToken ct = default)
    {
        if (CannotManage(input.Role) is { } denied)
        {
            return denied;
        }
        var email = Invitation.Normalize(input.Email ?? "");
        var validation = new Validation().Email(nameof(input.Email), email);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleAsync(o => o.Id == tenant.OrganizationId, ct);
        if (org.IsReadOnly)
        {
            return Result.Fail($"The organization is {org.Status.ToString().ToLowerInvariant()}; the team cannot change.");
        }
        var locationError = await CheckLocationsAsync(db, input.Role, input.LocationIds, ct);
        if (locationError is not null)
        {
            return locationError;
        }
        if (await users.FindByEmailAsync(email, ct) is { } existing
            && await db.Memberships.AnyAsync(m => m.UserId == existing.Id, ct))
        {
            return Result.Fail(nameof(input.Email), $"{email} is already a member of {org.Name}.");
        }
        if (await db.Invitations.AnyAsync(i => i.Email == email && i.Status == InvitationStatus.Pending, ct))
        {
            return Result.Fail(nameof(input.Email), $"{email} already has a pending invitation; resend it instead.");
        }
        var invitation = new Invitation(org.Id, email, input.Role, input.LocationIds, actor.Actor.UserId ?? Guid.Empty, clock.GetUtcNow());
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        await SendAsync(org, invitation, ct);
        return Result<Invitation>.Ok(invitation);
    }

    public async Task<Result> ResendAsync(Guid invitationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || invitation.Status != InvitationStatus.Pending)
        {
            return Result.Fail("That invitation is no longer pending.");
        }
        if (CannotManage(invitation.Role) is { } denied)
        {
            return denied;
        }
        invitation.Renew(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var org = await db.Organizations.SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        await SendAsync(org, invitation, ct);
        return Result.Ok;
    }

    public async Task<Result> RevokeAsync(Guid invitationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || invitation.Status != InvitationStatus.Pending)
        {
            return Result.Fail("That invitation is no longer pending.");
        }
        if (CannotManage(invitation.Role) is { } denied)
        {
            return denied;
        }
        invitation.Revoke();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> ChangeRoleAsync(Guid membershipId, MembershipRole role, IReadOnlyList<Guid> locationIds, CancellationToken ct = default)
    {
        if (CannotManage(role) is { } denied)
        {
            return denied;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, ct);
        if (membership is null)
        {
            return Result.Fail("That member is no longer in this organization.");
        }
        if (CannotManage(membership.Role) is { } deniedCurrent)
        {
            return deniedCurrent;
        }
        if (membership.Role == MembershipRole.Owner && role != MembershipRole.Owner && await IsLastOwnerAsync(db, ct))
        {
            return Result.Fail("An organization needs at least one owner: make someone else owner first.");
        }
        if (await CheckLocationsAsync(db, role, locationIds, ct) is { } locationError)
        {
            return locationError;
        }
        membership.Change(role, locationIds);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> RemoveAsync(Guid membershipId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, ct);
        if (membership is null)
        {
            return Result.Fail("That member is no longer in this organization.");
        }
        if (CannotManage(membership.Role) is { } denied)
        {
            return denied;
        }
        if (membership.Role == MembershipRole.Owner && await IsLastOwnerAsync(db, ct))
        {
            return Result.Fail("The last owner cannot be removed.");
        }
        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Finds a pending invitation by the token from its link, across organizations.</summary>
    public async Task<InvitationPreview?> PreviewAsync(string token, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("invitation lookup by token");
        await using var db = await dbFactory.CreateAsync(ct);
        var hash = Invitation.Hash(token ?? "");
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        return new InvitationPreview(invitation.Id, org.Id, org.Name, invitation.Email, invitation.Role,
            invitation.IsUsable(clock.GetUtcNow()), invitation.Status, invitation.ExpiresAt);
    }

    /// <summary>
    /// Accepts an invitation for a signed-in user whose email matches it. An existing membership is kept
    /// (the invitation is still consumed) so a second click changes nothing.
    /// </summary>
    public async Task<Result<Guid>> AcceptAsync(string token, Guid userId, string userEmail, CancellationToken ct = default)
    {
        var preview = await PreviewAsync(token, ct);
        if (preview is null)
        {
            return Result.Fail("This invitation link is not valid.");
        }
        if (!preview.IsUsable)
        {
            return Result.Fail(preview.Status == InvitationStatus.Pending
                ? "This invitation has expired; ask for a new one."
                : "This invitation has already been used or was revoked.");
        }
        if (!string.Equals(Invitation.Normalize(userEmail), preview.Email, StringComparison.Ordinal))
        {
            return Result.Fail($"This invitation is for {preview.Email}; sign in with that address to accept it.");
        }
        using var scope = tenant.ForOrganization(preview.OrganizationId);
        await using var db = await dbFactory.CreateAsync(ct);
        var invitation = await db.Invitations.SingleAsync(i => i.Id == preview.InvitationId, ct);
        invitation.Accept(userId, clock.GetUtcNow());
        if (!await db.Memberships.AnyAsync(m => m.UserId == userId, ct))
        {
            db.Memberships.Add(new Membership(preview.OrganizationId, userId, invitation.Role, invitation.LocationIds, clock.GetUtcNow()));
        }
        await db.SaveChangesAsync(ct);
        return Result<Guid>.Ok(preview.OrganizationId);
    }

    private async Task SendAsync(Organization org, Invitation invitation, CancellationToken ct)
    {
        var inviter = (await users.GetAsync([invitation.InvitedByUserId], ct)).Values.FirstOrDefault()?.DisplayName ?? org.Name;
        var email = new InvitationEmail(org.Name, inviter, invitation.Role.ToString(),
            links.AcceptInvitation(invitation.IssuedToken!), invitation.ExpiresAt);
        await mailer.SendAsync(invitation.Email, email, ct);
    }

    /// <summary>Owners manage everyone; managers manage staff and managers; staff manage no one.</summary>
    private Result? CannotManage(MembershipRole target) => tenant.Role switch
    {
        MembershipRole.Owner when tenant.OrganizationId is not null => null,
        MembershipRole.Manager when target != MembershipRole.Owner => null,
        MembershipRole.Manager => Result.Fail("Only owners can grant or change the owner role."),
        _ => Result.Fail("Only owners and managers can manage the team."),
    };

    private async Task<Result?> CheckLocationsAsync(IPlatformDb db, MembershipRole role, IReadOnlyList<Guid> locationIds, CancellationToken ct)
    {
        if (role != MembershipRole.Owner && locationIds.Count == 0 && tenant.LocationIds is not null)
        {
            // A member restricted to some locations cannot hand out access to all of them.
            return Result.Fail("LocationIds", "Choose at least one of your locations.");
        }
        if (role == MembershipRole.Owner || locationIds.Count == 0)
        {
            return null;
        }
        var known = await db.Locations.CountAsync(l => locationIds.Contains(l.Id), ct);
        return known == locationIds.Distinct().Count() ? null : Result.Fail("LocationIds", "One of the chosen locations does not exist.");
    }

    private static async Task<bool> IsLastOwnerAsync(IPlatformDb db, CancellationToken ct) =>
        await db.Memberships.CountAsync(m => m.Role == MembershipRole.Owner, ct) <= 1;
}

public sealed record InvitationPreview(Guid InvitationId, Guid OrganizationId, string OrganizationName, string Email,
    MembershipRole Role, bool IsUsable, InvitationStatus Status, DateTimeOffset ExpiresAt);
