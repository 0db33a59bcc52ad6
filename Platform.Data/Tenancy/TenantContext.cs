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
/// The current tenant. By default it comes from <see cref="Ambient"/> (the web layer reads the signed-in member);
/// <see cref="ForOrganization"/>, <see cref="ForPerson"/> and <see cref="AcrossTenants"/> override it for one operation.
/// </summary>
/// <remarks>
/// Overrides live in an <see cref="AsyncLocal{T}"/>, not in fields: one instance serves a whole DI scope, and in Blazor Server
/// that scope is a circuit whose components run their lifecycle methods interleaved at every await. An override set by one
/// operation is seen by that operation and whatever it starts, and by nothing that runs beside it.
/// </remarks>
public class TenantContext(ILogger<TenantContext>? logger = null) : ITenantContext
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantContext>.Instance;
    private readonly AsyncLocal<Frame?> _frame = new();

    /// <summary>What one operation has set: who it acts for (if not the ambient member) and whether the filters are lifted.</summary>
    private sealed record Frame(bool Overrides, TenantMember? Member, PersonRows? Person, string? Lift, bool LiftWrites,
        IReadOnlySet<Guid>? WritesFor = null);

    public Guid? OrganizationId => Current?.OrganizationId;

    public MembershipRole? Role => Current?.Role;

    public IReadOnlyList<Guid>? LocationIds => Current?.LocationIds;

    public bool IsAcrossTenants => _frame.Value?.Lift is not null;

    public bool WritesAcrossTenants => _frame.Value is { Lift: not null, LiftWrites: true };

    public bool IsSystem => Current?.IsSystem ?? _frame.Value?.WritesFor is not null;

    public IReadOnlySet<Guid>? WritesFor => _frame.Value is { Overrides: true } frame ? frame.WritesFor : null;

    public PersonRows? Person => _frame.Value is { Overrides: true } frame ? frame.Person : null;

    /// <summary>The signed-in member, if any; null here, overridden by the web layer.</summary>
    protected virtual TenantMember? Ambient => null;

    private TenantMember? Current => _frame.Value is { Overrides: true } frame ? frame.Member : Ambient;

    /// <summary>Acts as an owner of the organization (system work: jobs, seeding, accepting an invitation).</summary>
    public IDisposable ForOrganization(Guid organizationId, IReadOnlyList<Guid>? locationIds = null) =>
        Act(new TenantMember(organizationId, MembershipRole.Owner, locationIds, IsSystem: true));

    public IDisposable Act(TenantMember member) =>
        Push((_frame.Value ?? Empty) with { Overrides = true, Member = member, Person = null, WritesFor = null });

    public IDisposable ForOrganizations(IReadOnlyCollection<Guid> organizationIds) =>
        Push((_frame.Value ?? Empty) with { Overrides = true, Member = null, Person = null, WritesFor = organizationIds.ToHashSet() });

    public IDisposable ForPerson(Guid userId, string? email = null) =>
        Push((_frame.Value ?? Empty) with { Overrides = true, Member = null, Person = new PersonRows(userId, email), WritesFor = null });

    public IDisposable AcrossTenants(string reason)
    {
        _logger.LogInformation("Tenant filters lifted: {Reason}", reason);
        Lifted(reason);
        return Push((_frame.Value ?? Empty) with { Lift = reason, LiftWrites = false });
    }

    /// <summary>
    /// System work that writes rows of many organizations in one save (seeding the demo, marking a batch of payouts paid).
    /// Nothing a person asks for goes through here.
    /// </summary>
    public IDisposable WritingAcrossTenants(string reason)
    {
        _logger.LogInformation("Tenant filters lifted for writing: {Reason}", reason);
        return Push((_frame.Value ?? Empty) with { Lift = reason, LiftWrites = true });
    }

    /// <summary>Called when an operation lifts the filters; the web layer audits the lifts staff make.</summary>
    protected virtual void Lifted(string reason)
    {
    }

    private static readonly Frame Empty = new(false, null, null, null, false);

    private Scope Push(Frame frame)
    {
        var previous = _frame.Value;
        _frame.Value = frame;
        return new Scope(this, previous);
    }

    private sealed class Scope(TenantContext owner, Frame? previous) : IDisposable
    {
        private TenantContext? _owner = owner;

        public void Dispose()
        {
            if (_owner is { } o)
            {
                o._frame.Value = previous;
                _owner = null;
            }
        }
    }
}
