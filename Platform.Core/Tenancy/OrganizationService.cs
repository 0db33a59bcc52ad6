using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;

namespace Platform.Core.Tenancy;

public sealed record OrganizationSettings(string Name, string Slug, string TimeZone, string Currency, string? LogoUrl, string PrimaryColor);

public sealed record CharityDetails(string? RegistrationNumber, bool IsTaxDeductible, string? DeductibilityText);

public sealed record OrganizationFilter(string? Search = null, OrganizationStatus? Status = null, OrganizationKind? Kind = null);

public sealed record OrganizationRow(Guid Id, string Name, string Slug, OrganizationKind Kind, OrganizationStatus Status,
    string Plan, DateTimeOffset? TrialEndsAt, DateTimeOffset CreatedAt, int Members, int Locations);

/// <summary>The current organization's settings, and the staff view across organizations.</summary>
public sealed class OrganizationService(IPlatformDbFactory dbFactory, ITenantContext tenant, TimeProvider clock)
{
    public async Task<Organization?> GetCurrentAsync(CancellationToken ct = default)
    {
        if (tenant.OrganizationId is not { } id)
        {
            return null;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
    }

    public async Task<Result> UpdateSettingsAsync(OrganizationSettings settings, CancellationToken ct = default)
    {
        if (tenant.OrganizationId is not { } id || tenant.Role is not (MembershipRole.Owner or MembershipRole.Manager))
        {
            return Result.Fail("Only owners and managers can change the organization's settings.");
        }
        var validation = Validate(settings);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleAsync(o => o.Id == id, ct);
        if (org.IsReadOnly)
        {
            return Result.Fail($"The organization is {org.Status.ToString().ToLowerInvariant()}; settings are read-only.");
        }
        if (await SlugTakenAsync(settings.Slug, id, ct))
        {
            return Result.Fail(nameof(settings.Slug), $"The address '{settings.Slug}' is already taken.");
        }
        org.Rename(settings.Name, settings.Slug);
        org.SetRegional(settings.TimeZone, settings.Currency);
        org.Brand(settings.LogoUrl, settings.PrimaryColor);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>A charity's registration number and tax-deductibility, printed on receipts and tax statements (owners only).</summary>
    public async Task<Result> UpdateCharityDetailsAsync(CharityDetails details, CancellationToken ct = default)
    {
        if (tenant.OrganizationId is not { } id || tenant.Role is not MembershipRole.Owner)
        {
            return Result.Fail("Only owners can change the charity's tax details.");
        }
        var validation = new Validation()
            .Optional(nameof(details.RegistrationNumber), details.RegistrationNumber, "Registration number", Organization.RegistrationNumberMaxLength)
            .Optional(nameof(details.DeductibilityText), details.DeductibilityText, "Deductibility text", Organization.DeductibilityTextMaxLength)
            .When(details.IsTaxDeductible && string.IsNullOrWhiteSpace(details.RegistrationNumber), nameof(details.RegistrationNumber),
                "A tax-deductible charity needs its registration number on statements.")
            .When(details.IsTaxDeductible && string.IsNullOrWhiteSpace(details.DeductibilityText), nameof(details.DeductibilityText),
                "Say what donors may deduct: the text is printed on every statement.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleAsync(o => o.Id == id, ct);
        if (org.Kind != OrganizationKind.Charity)
        {
            return Result.Fail("Tax details are for charities.");
        }
        if (org.IsReadOnly)
        {
            return Result.Fail($"The organization is {org.Status.ToString().ToLowerInvariant()}; settings are read-only.");
        }
        org.SetCharityDetails(details.RegistrationNumber, details.IsTaxDeductible, details.DeductibilityText);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Creates an organization with its creator as owner (staff tools, trial sign-up, seeding).</summary>
    public async Task<Result<Organization>> CreateAsync(string name, string slug, OrganizationKind kind, Guid ownerUserId,
        string timeZone = "UTC", CancellationToken ct = default)
    {
        var validation = new Validation()
            .Required(nameof(OrganizationSettings.Name), name, "Name", Organization.NameMaxLength)
            .Slug(nameof(OrganizationSettings.Slug), slug);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        if (await SlugTakenAsync(slug, null, ct))
        {
            return Result.Fail(nameof(OrganizationSettings.Slug), $"The address '{slug}' is already taken.");
        }
        var now = clock.GetUtcNow();
        var org = new Organization(name, slug, kind, now, timeZone);
        using (tenant.ForOrganization(org.Id))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            db.Organizations.Add(org);
            db.Memberships.Add(new Membership(org.Id, ownerUserId, MembershipRole.Owner, null, now));
            await db.SaveChangesAsync(ct);
        }
        return Result<Organization>.Ok(org);
    }

    public async Task<Page<OrganizationRow>> SearchAsync(OrganizationFilter filter, PageRequest page, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: organizations list");
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            query = query.Where(o => o.Name.ToLower().Contains(term) || o.Slug.Contains(term));
        }
        if (filter.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(o => o.Kind == kind);
        }
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(o => o.Name)
            .Skip(page.SafeSkip).Take(page.SafeTake)
            .Select(o => new OrganizationRow(o.Id, o.Name, o.Slug, o.Kind, o.Status, o.Plan, o.TrialEndsAt, o.CreatedAt,
                db.Memberships.Count(m => m.OrganizationId == o.Id),
                db.Locations.Count(l => l.OrganizationId == o.Id && !l.IsArchived)))
            .ToListAsync(ct);
        return new Page<OrganizationRow>(rows, total, page.SafeSkip, page.SafeTake);
    }

    public async Task<IReadOnlyDictionary<OrganizationStatus, int>> CountByStatusAsync(CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: dashboard counts");
        await using var db = await dbFactory.CreateAsync(ct);
        var counts = await db.Organizations.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<OrganizationStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    public async Task<Organization?> FindAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: organization detail");
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
    }

    public async Task<IReadOnlyList<Membership>> MembersOfAsync(Guid organizationId, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: organization members");
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Location>> LocationsOfAsync(Guid organizationId, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: organization locations");
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Locations.AsNoTracking().Where(l => l.OrganizationId == organizationId).OrderBy(l => l.Name).ToListAsync(ct);
    }

    /// <summary>Staff action: change an organization's status or plan. Audited by the data layer.</summary>
    public async Task<Result> SetStatusAsync(Guid organizationId, OrganizationStatus status, string? plan = null, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: organization status");
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null)
        {
            return Result.Fail("The organization no longer exists.");
        }
        switch (status)
        {
            case OrganizationStatus.Active:
                org.Activate(plan ?? (org.Plan == Plans.Trial ? Plans.Starter : org.Plan), clock.GetUtcNow());
                break;
            case OrganizationStatus.Suspended:
                org.Suspend();
                break;
            case OrganizationStatus.Expired:
                org.Expire();
                break;
            case OrganizationStatus.Trial:
                org.StartTrial(clock.GetUtcNow());
                break;
        }
        using (tenant.ForOrganization(org.Id))
        {
            await db.SaveChangesAsync(ct); // a write inside the lift is still checked: for this organization only
        }
        return Result.Ok;
    }

    /// <summary>Whether another organization (any but <paramref name="except"/>) already has this address.</summary>
    public async Task<bool> SlugTakenAsync(string slug, Guid? except, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("slug uniqueness");
        await using var db = await dbFactory.CreateAsync(ct);
        var normalized = slug.Trim();
        return await db.Organizations.AnyAsync(o => o.Slug == normalized && o.Id != except, ct);
    }

    private static Validation Validate(OrganizationSettings s) => new Validation()
        .Required(nameof(s.Name), s.Name, "Name", Organization.NameMaxLength)
        .Slug(nameof(s.Slug), s.Slug)
        .Required(nameof(s.TimeZone), s.TimeZone, "Time zone", Organization.TimeZoneMaxLength)
        .When(!string.IsNullOrWhiteSpace(s.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out _),
            nameof(s.TimeZone), $"'{s.TimeZone}' is not a known time zone.")
        .When(!Currencies.IsKnown(s.Currency), nameof(s.Currency), $"'{s.Currency}' is not a supported currency.")
        .Optional(nameof(s.LogoUrl), s.LogoUrl, "Logo URL", Organization.LogoUrlMaxLength)
        .When(!string.IsNullOrWhiteSpace(s.LogoUrl) && !Uri.TryCreate(s.LogoUrl, UriKind.Absolute, out _) && !s.LogoUrl.StartsWith('/'),
            nameof(s.LogoUrl), "Logo URL must be an absolute address or a site path starting with '/'.")
        .When(!System.Text.RegularExpressions.Regex.IsMatch(s.PrimaryColor ?? "", "^#[0-9a-fA-F]{6}$"),
            nameof(s.PrimaryColor), "Primary colour must be a hex colour such as #3f51b5.");
}
