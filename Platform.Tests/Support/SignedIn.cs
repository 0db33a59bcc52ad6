using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Identity;

namespace Platform.Tests.Support;

/// <summary>
/// Who is signed in for a scope of the real app, as the sign-in middleware or a circuit sets it: services that check the
/// person's role (the jobs dashboard) read it from <see cref="CurrentPrincipal"/>.
/// </summary>
public static class SignedIn
{
    /// <summary>A signed-in person with a platform role, or with none (a member of an organization) when <paramref name="role"/> is null.</summary>
    public static ClaimsPrincipal Principal(string? role, string? email = null)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
            new(ClaimTypes.Name, email ?? $"{role ?? "member"}@platform.test".ToLowerInvariant()),
        ];
        if (role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    /// <summary>Signs <paramref name="role"/> in for this scope and returns the scope's services.</summary>
    public static IServiceProvider As(this AsyncServiceScope scope, string? role)
    {
        scope.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = Principal(role);
        return scope.ServiceProvider;
    }
}
