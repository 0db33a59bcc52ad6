using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>
/// Adds the display name and the active membership (organization, role, locations) to the sign-in
/// cookie. The tenant filters read these; switching organization re-issues the cookie.
/// </summary>
internal sealed class PlatformClaimsFactory(
    UserManager<PlatformUser> users,
    RoleManager<PlatformRole> roles,
    IOptions<IdentityOptions> options,
    MembershipDirectory memberships)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PlatformClaims.DisplayName, user.DisplayName));
        var all = await memberships.ForUserAsync(user.Id);
        var active = all.FirstOrDefault(m => m.OrganizationId == user.ActiveOrganizationId) ?? all.FirstOrDefault();
        if (active is not null)
        {
            identity.AddClaim(new Claim(PlatformClaims.OrganizationId, active.OrganizationId.ToString()));
            identity.AddClaim(new Claim(PlatformClaims.OrganizationName, active.OrganizationName));
            identity.AddClaim(new Claim(PlatformClaims.Role, active.Role.ToString()));
            if (active.Role != MembershipRole.Owner)
            {
                identity.AddClaims(active.LocationIds.Select(l => new Claim(PlatformClaims.Location, l.ToString())));
            }
        }
        return identity;
    }
}
