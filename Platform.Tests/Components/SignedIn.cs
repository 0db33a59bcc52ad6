using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Core.Access;
using Platform.Core.Tenancy;

namespace Platform.Tests.Components;

/// <summary>Renders a component for a signed-in member, with the claims the sign-in gives them.</summary>
public static class SignedIn
{
    public static ClaimsPrincipal Member(Guid userId, Guid organizationId, MembershipRole role, IReadOnlyList<Guid>? locations = null) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
            new Claim(PlatformClaims.OrganizationId, organizationId.ToString()),
            new Claim(PlatformClaims.Role, role.ToString()),
            .. (locations ?? []).Select(l => new Claim(PlatformClaims.Location, l.ToString())),
        ], "test"));

    public static IRenderedComponent<IComponent> RenderAs<T>(this BunitContext context, ClaimsPrincipal user) where T : IComponent =>
        context.Render(b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(user)));
            b.AddComponentParameter(2, "ChildContent", (RenderFragment)(inner =>
            {
                inner.OpenComponent<T>(0);
                inner.CloseComponent();
            }));
            b.CloseComponent();
        });
}
