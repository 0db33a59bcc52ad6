using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;

namespace Platform.Core.Tenancy;

public sealed record LocationInput(string Name, string? Address, string TimeZone);

/// <summary>The current organization's locations. Location-restricted members see only theirs.</summary>
public sealed class LocationService(IPlatformDbFactory dbFactory, ITenantContext tenant)
{
    public async Task<IReadOnlyList<Location>> ListAsync(bool includeArchived = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Locations.AsNoTracking();
        if (!includeArchived)
        {
            query = query.Where(l => !l.IsArchived);
        }
        return await query.OrderBy(l => l.Name).ToListAsync(ct);
    }

    public async Task<Result<Location>> CreateAsync(LocationInput input, CancellationToken ct = default)
    {
        if (Denied() is { } denied)
        {
            return denied;
        }
        var validation = Validate(input);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        if (await db.Locations.AnyAsync(l => l.Name == input.Name.Trim(), ct))
        {
            return Result.Fail(nameof(input.Name), $"A location named '{input.Name.Trim()}' already exists.");
        }
        var location = new Location(tenant.OrganizationId!.Value, input.Name, input.Address, input.TimeZone);
        db.Locations.Add(location);
        await db.SaveChangesAsync(ct);
        return Result<Location>.Ok(location);
    }

    public async Task<Result> UpdateAsync(Guid id, LocationInput input, CancellationToken ct = default)
    {
        if (Denied() is { } denied)
        {
            return denied;
        }
        var validation = Validate(input);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null)
        {
            return Result.Fail("That location does not exist in this organization.");
        }
        if (await db.Locations.AnyAsync(l => l.Id != id && l.Name == input.Name.Trim(), ct))
        {
            return Result.Fail(nameof(input.Name), $"A location named '{input.Name.Trim()}' already exists.");
        }
        location.Update(input.Name, input.Address, input.TimeZone);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Archives rather than deletes: bookings, donations and history keep pointing at it.</summary>
    public async Task<Result> ArchiveAsync(Guid id, bool archived = true, CancellationToken ct = default)
    {
        if (Denied() is { } denied)
        {
            return denied;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (location is null)
        {
            return Result.Fail("That location does not exist in this organization.");
        }
        if (archived)
        {
            location.Archive();
        }
        else
        {
            location.Restore();
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Owners and managers with access to every location may add, edit and archive locations.</summary>
    public bool CanManage =>
        tenant.OrganizationId is not null && tenant.Role is (MembershipRole.Owner or MembershipRole.Manager) && tenant.LocationIds is null;

    private Result? Denied() =>
        !CanManage
            ? Result.Fail("Only owners and managers with access to every location can manage locations.")
            : null;

    private static Validation Validate(LocationInput input) => new Validation()
        .Required(nameof(input.Name), input.Name, "Name", Location.NameMaxLength)
        .Optional(nameof(input.Address), input.Address, "Address", Location.AddressMaxLength)
        .When(!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone ?? "", out _), nameof(input.TimeZone),
            $"'{input.TimeZone}' is not a known time zone.");
}
