using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Data.Identity;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>
/// One demo login (README "Demo logins") and the part of the app that is theirs: the walk opens, as them, every route
/// under these prefixes. The visitor (no email) walks every route that asks for no sign-in.
/// </summary>
public sealed record WalkRole(string Name, string? Email, params string[] Portals)
{
    // Before All, which lists it: static initializers run in order.
    public static WalkRole Visitor { get; } = new("visitor", null);

    public static IReadOnlyList<WalkRole> All { get; } =
    [
        new("platform admin", "admin@platform.test", "/admin"),
        new("support", "support@platform.test", "/admin"),
        new("gym owner", "owner@northside.test", "/merchant"),
        new("location-restricted staff", "staff@northside.test", "/merchant"),
        new("clinic owner", "owner@harborclinic.test", "/merchant"),
        new("charity owner", "owner@openhands.test", "/merchant"),
        new("donor", "donor@example.test", "/donor", "/Account/Manage"),
        new("creator", "creator@example.test", "/creator"),
        Visitor,
    ];

    public bool Owns(WalkedRoute route) => Email is null ? route.IsPublic : Portals.Any(p => route.Template.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The principal the app issues this login at sign-in (anonymous for the visitor), to ask the app's own policies.</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services)
    {
        if (Email is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = await users.FindByEmailAsync(Email) ?? throw new InvalidOperationException($"The demo seed has no {Email}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PlatformUser>>().CreateAsync(user);
    }

    public override string ToString() => Name;
}

/// <summary>Who a page is looking at the data for: what the empty-state check counts rows for.</summary>
public sealed record Viewer(Guid? UserId, string? Email, Guid? OrganizationId, IReadOnlyDictionary<string, string> RouteValues)
{
    public static Viewer Of(ClaimsPrincipal user, IReadOnlyDictionary<string, string> routeValues) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.FindFirstValue(ClaimTypes.Email),
        Guid.TryParse(user.FindFirstValue(PlatformClaims.OrganizationId), out var org) ? org : null,
        routeValues);
}
