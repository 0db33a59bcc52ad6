using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Tenancy;

namespace Platform.Data.Tenancy;

/// <summary>
/// The member an operation acts for: organization, role and location restriction. <paramref name="IsSystem"/> marks the
/// platform's own work for the organization (jobs, giving, accepting an invitation), which a read-only organization still gets.
/// </summary>
public sealed record TenantMember(Guid OrganizationId, MembershipRole Role, IReadOnlyList<Guid>? LocationIds, bool IsSystem = false);

/// <summary>
/// The current tenant. By default it comes from <see cref="Ambient"/> (the web layer reads the signed-in
/// member); <see cref="ForOrganization"/> and <see cref="AcrossTenants"/> override it for a scope.
/// </summary>
public class TenantContext(ILogger<TenantContext>? logger = null) : ITenantContext
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantContext>.Instance;
    private readonly Stack<TenantMember> _overrides = new();
    private int _acrossTenants;

    public Guid? OrganizationId => Current?.OrganizationId;

    public MembershipRole? Role => Current?.Role;

    public IReadOnlyList<Guid>? LocationIds => Current?.LocationIds;

    public bool IsAcrossTenants => _acrossTenants > 0;

    public bool IsSystem => Current?.IsSystem ?? false;

    /// <summary>The signed-in member, if any; null here, overridden by the web layer.</summary>
    protected virtual TenantMember? Ambient => null;

    private TenantMember? Current => _overrides.TryPeek(out var member) ? member : Ambient;

    /// <summary>Acts as an owner of the organization (system work: jobs, seeding, accepting an invitation).</summary>
    public IDisposable ForOrganization(Guid organizationId, IReadOnlyList<Guid>? locationIds = null) =>
        Act(new TenantMember(organizationId, MembershipRole.Owner, locationIds, IsSystem: true));

    public IDisposable Act(TenantMember member)
    {
        _overrides.Push(member);
        return new Scope(() => _overrides.Pop());
    }

    public IDisposable AcrossTenants(string reason)
    {
        _logger.LogInformation("Tenant filters lifted: {Reason}", reason);
        _acrossTenants++;
        return new Scope(() => _acrossTenants--);
    }

    private sealed class Scope(Action onDispose) : IDisposable
    {
        private Action? _onDispose = onDispose;

        public void Dispose()
        {
            _onDispose?.Invoke();
            _onDispose = null;
        }
    }
}
