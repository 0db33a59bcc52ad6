using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;

namespace Platform.Core.Tenancy;

/// <summary>What a new organization starts with: its kind, name, address on the site, time zone and first location.</summary>
public sealed record NewOrganization(
    OrganizationKind Kind,
    string Name,
    string Slug,
    string TimeZone,
    string LocationName,
    string? LocationAddress,
    string? LocationTimeZone);

/// <summary>How far a new organization has come with what it needs first; <see cref="AddProgram"/> is null unless it is a charity.</summary>
public sealed record FirstStepsProgress(Guid OrganizationId, bool AddLocation, bool InviteTeammate, bool SetBranding, bool? AddProgram, bool ChoosePlan)
{
    public bool AllDone => AddLocation && InviteTeammate && SetBranding && AddProgram is null or true && ChoosePlan;
}

/// <summary>
/// Starting an organization: the person who signs up for it (or whom staff name) becomes its owner, it gets its first
/// location, and it runs on a trial. Everything is written in one save, so there is never an organization without an
/// owner or a location.
/// </summary>
public sealed class OnboardingService(IPlatformDbFactory dbFactory, ITenantContext tenant, OrganizationService organizations, IUserDirectory users, TimeProvider clock)
{
    /// <summary>The kinds a person can start here; businesses and creator studios come through other doors.</summary>
    public static IReadOnlyList<OrganizationKind> Kinds { get; } = [OrganizationKind.Gym, OrganizationKind.Clinic, OrganizationKind.Charity];

    /// <summary>Creates the organization with <paramref name="ownerUserId"/> as its owner, on a trial.</summary>
    public async Task<Result<Organization>> CreateAsync(NewOrganization input, Guid ownerUserId, CancellationToken ct = default)
    {
        var validation = Validate(input);
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        var slug = input.Slug.Trim();
        if (await SlugTakenAsync(slug, ct))
        {
            return SlugTaken(slug);
        }
        var now = clock.GetUtcNow();
        var org = new Organization(input.Name, slug, input.Kind, now, input.TimeZone.Trim()); // starts its trial
        using (tenant.ForOrganization(org.Id))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            db.Organizations.Add(org);
            db.Memberships.Add(new Membership(org.Id, ownerUserId, MembershipRole.Owner, null, now));
            db.Locations.Add(new Location(org.Id, input.LocationName, input.LocationAddress, LocationZone(input)));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                return SlugTaken(slug); // someone took the address between the check and the save
            }
        }
        return Result<Organization>.Ok(org);
    }

    /// <summary>Staff start an organization for an existing account, named by its email address.</summary>
    public async Task<Result<Organization>> CreateForAsync(NewOrganization input, string ownerEmail, CancellationToken ct = default)
    {
        var validation = Validate(input).Email(OwnerEmailField, ownerEmail?.Trim());
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        if (await users.FindByEmailAsync(ownerEmail!, ct) is not { } owner)
        {
            return Result.Fail(OwnerEmailField, $"No account uses {ownerEmail!.Trim()}. The owner signs up first.");
        }
        return await CreateAsync(input, owner.Id, ct);
    }

    public const string OwnerEmailField = "OwnerEmail";

    /// <summary>How long an organization is shown its first steps: after that it has found its way or chosen not to.</summary>
    public const int FirstStepsDays = 60;

    /// <summary>The current organization's first steps, each read from what it has really done; null once it is no longer new.</summary>
    public async Task<FirstStepsProgress?> FirstStepsAsync(CancellationToken ct = default)
    {
        if (tenant.OrganizationId is not { } id)
        {
            return null;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (org is null || org.CreatedAt < clock.GetUtcNow().AddDays(-FirstStepsDays))
        {
            return null;
        }
        var located = await db.Locations.AnyAsync(l => !l.IsArchived, ct);
        var teamed = await db.Memberships.CountAsync(ct) > 1 || await db.Invitations.AnyAsync(i => i.Status == InvitationStatus.Pending, ct);
        var branded = org.LogoUrl is not null || !string.Equals(org.PrimaryColor, Organization.DefaultPrimaryColor, StringComparison.OrdinalIgnoreCase);
        bool? programmed = org.Kind == OrganizationKind.Charity ? await db.Programs.AnyAsync(ct) : null;
        return new FirstStepsProgress(id, located, teamed, branded, programmed, org.ConvertedAt is not null || org.Status == OrganizationStatus.Active);
    }

    /// <summary>Whether an address on the site is still free, for the form to say so while it is typed.</summary>
    public async Task<bool> IsSlugFreeAsync(string slug, CancellationToken ct = default) => !await SlugTakenAsync(slug.Trim(), ct);

    /// <summary>An address from a name: "Café Zürich & Co." becomes "cafe-zurich-co".</summary>
    public static string SuggestSlug(string? name)
    {
        var plain = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            plain.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        var slug = string.Join('-', plain.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length <= Organization.SlugMaxLength ? slug : slug[..Organization.SlugMaxLength].TrimEnd('-');
    }

    public static string SlugTakenMessage(string slug) => $"The address '{slug}' is already taken. Try another, such as '{slug}-2'.";

    private static Result SlugTaken(string slug) => Result.Fail(nameof(NewOrganization.Slug), SlugTakenMessage(slug));

    private Task<bool> SlugTakenAsync(string slug, CancellationToken ct) => organizations.SlugTakenAsync(slug, except: null, ct);

    private static string LocationZone(NewOrganization input) =>
        string.IsNullOrWhiteSpace(input.LocationTimeZone) ? input.TimeZone.Trim() : input.LocationTimeZone.Trim();

    private static Validation Validate(NewOrganization input) => new Validation()
        .When(!Kinds.Contains(input.Kind), nameof(input.Kind), "Choose a gym, a clinic or a charity.")
        .Required(nameof(input.Name), input.Name, "Name", Organization.NameMaxLength)
        .Slug(nameof(input.Slug), input.Slug?.Trim())
        .Required(nameof(input.TimeZone), input.TimeZone, "Time zone", Organization.TimeZoneMaxLength)
        .When(!string.IsNullOrWhiteSpace(input.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out _),
            nameof(input.TimeZone), $"'{input.TimeZone}' is not a known time zone.")
        .Required(nameof(input.LocationName), input.LocationName, "Location name", Location.NameMaxLength)
        .Optional(nameof(input.LocationAddress), input.LocationAddress, "Address", Location.AddressMaxLength)
        .When(!string.IsNullOrWhiteSpace(input.LocationTimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(input.LocationTimeZone.Trim(), out _),
            nameof(input.LocationTimeZone), $"'{input.LocationTimeZone}' is not a known time zone.");
}
