using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>A charity's programs and the families it helps, managed by its team (location-scoped members see their own).</summary>
public sealed class ProgramService(IPlatformDbFactory dbFactory, ITenantContext tenant, TimeProvider clock, PublicCatalogue catalogue)
{
    public async Task<IReadOnlyList<CharityProgram>> ProgramsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Programs.AsNoTracking().OrderByDescending(p => p.IsOpen).ThenBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<Result<CharityProgram>> SaveProgramAsync(Guid? id, ProgramInput input, CancellationToken ct = default)
    {
        if (await DeniedAsync(input.LocationId, ct) is { } denied)
        {
            return denied;
        }
        var validation = new Validation()
            .Required(nameof(input.Name), input.Name, "Name", CharityProgram.NameMaxLength)
            .Required(nameof(input.Description), input.Description, "Description", CharityProgram.DescriptionMaxLength)
            .Optional(nameof(input.Region), input.Region, "Region", CharityProgram.RegionMaxLength)
            .Optional(nameof(input.ImageUrl), input.ImageUrl, "Image URL", CharityProgram.ImageUrlMaxLength)
            .When(input.GoalAmount <= 0m, nameof(input.GoalAmount), "The goal must be more than zero.")
            .Amount(nameof(input.GoalAmount), input.GoalAmount, "The goal")
            .When(!Currencies.IsKnown(input.Currency), nameof(input.Currency), $"'{input.Currency}' is not a supported currency.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var program = id is null ? null : await db.Programs.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (id is not null && program is null)
        {
            return Result.Fail("Program not found.");
        }
        if (await db.Programs.AnyAsync(p => p.Name == input.Name.Trim() && p.Id != id, ct))
        {
            return Result.Fail(nameof(input.Name), "Another program already has this name.");
        }
        if (program is null)
        {
            program = new CharityProgram(tenant.OrganizationId!.Value, input.LocationId, clock.GetUtcNow());
            db.Programs.Add(program);
        }
        program.Update(input);
        await db.SaveChangesAsync(ct);
        catalogue.Invalidate();
        return Result<CharityProgram>.Ok(program);
    }

    public async Task<IReadOnlyList<Family>> FamiliesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Families.AsNoTracking().OrderBy(f => f.DisplayName).ToListAsync(ct);
    }

    /// <summary>One page of the families, by name; <paramref name="search"/> matches the name or the region.</summary>
    public async Task<Page<Family>> FamiliesAsync(string? search, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Families.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(f => f.DisplayName.ToLower().Contains(term) || f.Region.ToLower().Contains(term));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(f => f.DisplayName).ThenBy(f => f.Id).Skip(page.SafeSkip).Take(page.SafeTake).ToListAsync(ct);
        return new Page<Family>(rows, total, page.SafeSkip, page.SafeTake);
    }

    public async Task<Result<Family>> SaveFamilyAsync(Guid? id, FamilyInput input, CancellationToken ct = default)
    {
        if (await DeniedAsync(input.LocationId, ct) is { } denied)
        {
            return denied;
        }
        var validation = new Validation()
            .Required(nameof(input.DisplayName), input.DisplayName, "Display name", Family.DisplayNameMaxLength)
            .Required(nameof(input.Region), input.Region, "Region", CharityProgram.RegionMaxLength)
            .When(input.HouseholdSize is < 1 or > 50, nameof(input.HouseholdSize), "Household size must be between 1 and 50.")
            .When(input.Latitude is < -90 or > 90, nameof(input.Latitude), "Latitude must be between -90 and 90.")
            .When(input.Longitude is < -180 or > 180, nameof(input.Longitude), "Longitude must be between -180 and 180.");
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var family = id is null ? null : await db.Families.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (id is not null && family is null)
        {
            return Result.Fail("Family not found.");
        }
        if (family is null)
        {
            family = new Family(tenant.OrganizationId!.Value, input.LocationId);
            db.Families.Add(family);
        }
        family.Update(input);
        await db.SaveChangesAsync(ct);
        return Result<Family>.Ok(family);
    }

    private async Task<Result?> DeniedAsync(Guid locationId, CancellationToken ct)
    {
        if (tenant.OrganizationId is null)
        {
            return Result.Fail("Only a charity's team can manage programs and families.");
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.OrganizationId, ct);
        if (org.Kind != OrganizationKind.Charity)
        {
            return Result.Fail("Programs and families are for charities.");
        }
        if (org.IsReadOnly)
        {
            return Result.Fail("This organization is read-only.");
        }
        // The location filter hides locations outside the member's own, so this also refuses those.
        return await db.Locations.AnyAsync(l => l.Id == locationId && !l.IsArchived, ct)
            ? null
            : Result.Fail("LocationId", "Choose one of your locations.");
    }
}
