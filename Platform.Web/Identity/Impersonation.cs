using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Data.Identity;
using Platform.Web.Security;

namespace Platform.Web.Identity;

/// <summary>
/// Staff sign in as a user to see what they see. The cookie carries who is really acting, every audit entry
/// written meanwhile names them, and stopping signs the staff member back in as themselves.
/// Staff accounts cannot be impersonated.
/// </summary>
public static class Impersonation
{
    public static void MapImpersonation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/users/{id:guid}/impersonate", async (Guid id, ClaimsPrincipal principal,
            SignInManager<PlatformUser> signIn, IAuditLog audit) =>
        {
            var staff = await signIn.UserManager.GetUserAsync(principal);
            var target = await signIn.UserManager.FindByIdAsync(id.ToString());
            if (staff is null || target is null)
            {
                return Results.NotFound();
            }
            if (IsImpersonating(principal)
                || (await signIn.UserManager.GetRolesAsync(target)).Any(PlatformRoles.All.Contains))
            {
                return Results.Forbid();
            }
            await audit.RecordAsync(AuditActions.ImpersonationStarted, staff.Id, staff.Email, $"as {target.Email}", target.ActiveOrganizationId);
            await signIn.SignInWithClaimsAsync(target, isPersistent: false,
            [
                new Claim(PlatformClaims.ImpersonatorId, staff.Id.ToString()),
                new Claim(PlatformClaims.ImpersonatorName, staff.Email ?? staff.DisplayName),
            ]);
            return Results.LocalRedirect("/");
        }).RequireAuthorization(PortalPolicies.Admin).RequireAntiforgeryToken();

        endpoints.MapPost("/Account/StopImpersonating", async (ClaimsPrincipal principal, SignInManager<PlatformUser> signIn,
            IAuditLog audit) =>
        {
            if (!Guid.TryParse(principal.FindFirstValue(PlatformClaims.ImpersonatorId), out var staffId)
                || await signIn.UserManager.FindByIdAsync(staffId.ToString()) is not { } staff)
            {
                return Results.BadRequest();
            }
            var target = await signIn.UserManager.GetUserAsync(principal);
            await signIn.SignOutAsync();
            await signIn.SignInAsync(staff, isPersistent: false);
            await audit.RecordAsync(AuditActions.ImpersonationEnded, staff.Id, staff.Email, $"as {target?.Email}", target?.ActiveOrganizationId);
            return Results.LocalRedirect(target is null ? "/admin/users" : $"/admin/users/{target.Id}");
        }).RequireAuthorization().RequireAntiforgeryToken();
    }

    /// <summary>Whether staff are acting as this user; a user's own sign-in settings are then not to be changed.</summary>
    public static bool IsImpersonating(ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == PlatformClaims.ImpersonatorId);

    /// <summary>Re-issues the cookie (after an organization switch, say) without dropping who is really acting.</summary>
    public static async Task RefreshKeepingImpersonationAsync(this SignInManager<PlatformUser> signIn, PlatformUser user, ClaimsPrincipal current)
    {
        var carried = Carried(current).ToList();
        if (carried.Count == 0)
        {
            await signIn.RefreshSignInAsync(user);
        }
        else
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, carried);
        }
    }

    /// <summary>Keeps the impersonation claims when the security stamp check re-issues the cookie.</summary>
    public static Task KeepClaimsOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal is { } current && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaims(Carried(current).Select(c => new Claim(c.Type, c.Value)));
        }
        return Task.CompletedTask;
    }

    private static IEnumerable<Claim> Carried(ClaimsPrincipal principal) =>
        principal.FindAll(c => c.Type is PlatformClaims.ImpersonatorId or PlatformClaims.ImpersonatorName);
}
