using System.Security.Claims;
using Platform.Core.Access;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Layout;

/// <summary>What the signed-in member's claims say they may see, for menus and actions; the services enforce it.</summary>
public static class MemberAccess
{
    /// <summary>Staff limited to some locations: no settings, payouts, reports, owner role or removing people.</summary>
    public static bool IsLocationRestricted(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == PlatformClaims.Location) && Role(user) != MembershipRole.Owner;

    public static MembershipRole? Role(ClaimsPrincipal user) =>
        Enum.TryParse<MembershipRole>(user.FindFirstValue(PlatformClaims.Role), out var role) ? role : null;
}
