using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Data;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>The four portals by the name kept in <see cref="PlatformUser.LastPortal"/>: where each opens, who may open it.</summary>
public sealed record Portal(string Name, string Path, string Policy)
{
    public static IReadOnlyList<Portal> All { get; } =
    [
        new("admin", "/admin", PortalPolicies.Admin),
        new("merchant", "/merchant", PortalPolicies.Merchant),
        new("creator", "/creator", PortalPolicies.Creator),
        new("donor", "/donor", PortalPolicies.Donor),
    ];

    public static Portal? Find(string? name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where someone without a portal to return to chooses what they came for.</summary>
    public const string Start = "/start";
}

/// <summary>Keeps the portal a person last opened, so their next sign-in lands there.</summary>
public sealed class PortalMemory(IDbContextFactory<PlatformDbContext> factory)
{
    public async Task RememberAsync(ClaimsPrincipal user, string portal, CancellationToken ct = default)
    {
        // Staff looking through a user's eyes are not that user's habits.
        if (Portal.Find(portal) is not { } known || Impersonation.IsImpersonating(user)
            || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        // A bookkeeping column like the last sign-in: written directly, so it neither bumps the account's concurrency
        // stamp under an open form nor fills the audit log with every portal opened.
        await db.Users.Where(u => u.Id == userId && (u.LastPortal == null || u.LastPortal != known.Name))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastPortal, known.Name), ct);
    }
}

public static class PortalLanding
{
    /// <summary>
    /// <c>/portal</c>: where signing in without a page to return to goes. The portal last used, if the person can
    /// still open it (a membership may have ended, a staff role been removed); otherwise the start page.
    /// </summary>
    public static IEndpointRouteBuilder MapPortalLanding(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/portal", async (ClaimsPrincipal principal, UserManager<PlatformUser> users, IAuthorizationService authorization) =>
        {
            var user = await users.GetUserAsync(principal);
            if (Portal.Find(user?.LastPortal) is { } last && (await authorization.AuthorizeAsync(principal, last.Policy)).Succeeded)
            {
                return Results.LocalRedirect(last.Path);
            }
            return Results.LocalRedirect(Portal.Start);
        }).RequireAuthorization();
        return endpoints;
    }
}
