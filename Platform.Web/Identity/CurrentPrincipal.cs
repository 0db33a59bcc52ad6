using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Tenancy;
using Platform.Data.Audit;
using Platform.Data.Tenancy;

namespace Platform.Web.Identity;

/// <summary>
/// The signed-in user of this scope: set per request by middleware, and per circuit by
/// <see cref="PrincipalCircuitHandler"/>, so services read it the same way in both.
/// </summary>
public sealed class CurrentPrincipal
{
    public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

    public Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

internal sealed class PrincipalCircuitHandler(AuthenticationStateProvider authentication, CurrentPrincipal principal)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        principal.User = (await authentication.GetAuthenticationStateAsync()).User;
        authentication.AuthenticationStateChanged += OnChanged;
    }

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            principal.User = (await state).User;
        }
        catch (Exception)
        {
            principal.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;
}

/// <summary>The tenant of the signed-in member, read from the claims issued at sign-in. Lifts staff make are audited.</summary>
internal sealed class PrincipalTenantContext(CurrentPrincipal principal, ICurrentActor actor, TenantLiftAudit audit, ILogger<TenantContext> logger)
    : TenantContext(logger)
{
    protected override void Lifted(string reason)
    {
        if (principal.User.IsInRole(PlatformRoles.PlatformAdmin) || principal.User.IsInRole(PlatformRoles.Support))
        {
            audit.Record(actor.Actor, reason);
        }
    }

    protected override TenantMember? Ambient
    {
        get
        {
            var user = principal.User;
            if (!Guid.TryParse(user.FindFirstValue(PlatformClaims.OrganizationId), out var organization)
                || !Enum.TryParse<MembershipRole>(user.FindFirstValue(PlatformClaims.Role), out var role))
            {
                return null;
            }
            var locations = user.FindAll(PlatformClaims.Location).Select(c => Guid.Parse(c.Value)).ToList();
            return new TenantMember(organization, role, locations.Count == 0 ? null : locations);
        }
    }
}

internal sealed class PrincipalActor(CurrentPrincipal principal) : ICurrentActor
{
    public AuditActor Actor
    {
        get
        {
            var user = principal.User;
            if (principal.UserId is not { } id)
            {
                return AuditActor.System with { CorrelationId = Activity.Current?.TraceId.ToString() };
            }
            Guid? impersonator = Guid.TryParse(user.FindFirstValue(PlatformClaims.ImpersonatorId), out var i) ? i : null;
            return new AuditActor(id, user.Identity?.Name, impersonator, Activity.Current?.TraceId.ToString());
        }
    }
}
