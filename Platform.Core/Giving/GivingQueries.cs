using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public sealed record CharityCard(Guid Id, string Name, string Slug, string? LogoUrl, string PrimaryColor, bool IsTaxDeductible,
    IReadOnlyList<ProgramCard> Programs);

public sealed record ProgramCard(Guid Id, Guid OrganizationId, string CharityName, string CharitySlug, string Name, string Description,
    string? Region, string? ImageUrl, Money Goal, Money Raised, int Gifts, int FamiliesHelped, bool IsOpen, bool IsTaxDeductible)
{
    public double Progress => Goal.Amount == 0m ? 0 : (double)Math.Min(1m, Raised.Amount / Goal.Amount);
}

public sealed record DonorGift(Guid Id, string CharityName, string ProgramName, Money Charged, Money Refunded, DonationStatus Status,
    string? ReceiptNumber, DateTimeOffset CreatedAt, JourneyStage Stage, bool IsTaxDeductible, DateTimeOffset? RefundedAt = null,
    Guid? RecurringGiftId = null);

public sealed record DonorSummary(IReadOnlyList<Money> TotalGiven, IReadOnlyList<Money> ThisYear, int FamiliesHelped, int ProgramsSupported, int Gifts);

public sealed record GiftConfirmation(DonorGift Gift, string? FailureMessage, string Email, Guid ProgramId);

public sealed record DonorGiftFilter(int? Year = null, Guid? CharityId = null, DonationStatus? Status = null);

public sealed record DonorJourney(DonorGift Gift, string? FamilyName, string? FamilyRegion, IReadOnlyList<JourneyStep> Steps);

/// <summary>
/// Reads that cross charities on purpose: the public catalogue (open programs of active charities) and a donor's own
/// gifts, which live in each charity's tenant. The catalogue goes through <see cref="ITenantContext.AcrossTenants"/> with a
/// reason and filters by what is public; a donor's gifts through <see cref="ITenantContext.ForPerson"/>, the data layer's
/// filter on the donor.
/// </summary>
public sealed class GivingQueries(IPlatformDbFactory dbFactory, ITenantContext tenant, TimeProvider clock, PublicCatalogue catalogue)
{
    private static readonly DonationStatus[] Given = [DonationStatus.Succeeded, DonationStatus.PartiallyRefunded, DonationStatus.Refunded];

    public Task<IReadOnlyList<CharityCard>> CharitiesAsync(CancellationToken ct = default) =>
        catalogue.CharitiesAsync(LoadCharitiesAsync, ct);

    private async Task<IReadOnlyList<CharityCard>> LoadCharitiesAsync(CancellationToken ct)
    {
        using var _ = tenant.AcrossTenants("public catalogue: charities");
        await using var db = await dbFactory.CreateAsync(ct);
        var charities = await db.Organizations.AsNoTracking()
            .Where(o => o.Kind == OrganizationKind.Charity && (o.Status == OrganizationStatus.Active || o.Status == OrganizationStatus.Trial))
            .OrderBy(o => o.Name).ToListAsync(ct);
        var programs = await ProgramCardsAsync(db, charities.Select(c => c.Id).ToList(), null, ct);
        return charities.Select(c => new CharityCard(c.Id, c.Name, c.Slug, c.LogoUrl, c.PrimaryColor, c.IsTaxDeductible,
            programs.Where(p => p.OrganizationId == c.Id).ToList())).ToList();
    }

    public async Task<ProgramCard?> ProgramAsync(Guid programId, CancellationToken ct = default)
    {
        // Most programs are in the catalogue; one of a charity not listed there (suspended, say) is read on its own.
        if ((await CharitiesAsync(ct)).SelectMany(c => c.Programs).FirstOrDefault(p => p.Id == programId) is { } listed)
        {
            return listed;
        }
        using var _ = tenant.AcrossTenants("public catalogue: one program");
        await using var db = await dbFactory.CreateAsync(ct);
        var organizationId = await db.Programs.Where(p => p.Id == programId).Select(p => (Guid?)p.OrganizationId).SingleOrDefaultAsync(ct);
        return organizationId is null ? null : (await ProgramCardsAsync(db, [organizationId.Value], programId, ct)).SingleOrDefault();
    }

    public async Task<CharityCard?> CharityAsync(string slug, CancellationToken ct = default) =>
        (await CharitiesAsync(ct)).SingleOrDefault(c => c.Slug == slug);

    /// <summary>A gift's state for its confirmation page, for whoever holds the gift's idempotency key (the submitting browser).</summary>
    public async Task<GiftConfirmation?> ConfirmationAsync(Guid donationId, string key, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("gift confirmation page, proven by the submission key");
        await using var db = await dbFactory.CreateAsync(ct);
        var d = await db.Donations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == donationId && d.IdempotencyKey == key, ct);
        if (d is null)
        {
            return null;
        }
        var names = await NamesAsync([d], ct);
        return new GiftConfirmation(ToGift(d, names), d.FailureMessage, d.DonorEmail, d.ProgramId);
    }

    public async Task<DonorSummary> DonorSummaryAsync(Guid userId, string email, CancellationToken ct = default)
    {
        var gifts = await DonorGiftsQueryAsync(userId, email, ct);
        var kept = gifts.Where(g => Given.Contains(g.Status)).ToList();
        var year = clock.GetUtcNow().Year;
        return new DonorSummary(
            Totals(kept), Totals(kept.Where(g => g.CreatedAt.Year == year)),
            kept.Where(g => g.FamilyId != null && JourneyStages.ReachedFamily.Contains(g.Stage)).Select(g => g.FamilyId).Distinct().Count(),
            kept.Select(g => g.ProgramId).Distinct().Count(), kept.Count);
    }

    /// <summary>
    /// The donor's gifts, newest first. A monthly gift's declined charges are attempts, not gifts: they are listed under
    /// that monthly gift (<see cref="RecurringGivingService.AttemptsAsync"/>), not here.
    /// </summary>
    public async Task<Page<DonorGift>> DonorGiftsAsync(Guid userId, string email, DonorGiftFilter filter, PageRequest page,
        CancellationToken ct = default)
    {
        var gifts = (await DonorGiftsQueryAsync(userId, email, ct))
            .Where(IsGift)
            .Where(g => filter.Year is null || g.CreatedAt.Year == filter.Year)
            .Where(g => filter.CharityId is null || g.OrganizationId == filter.CharityId)
            .Where(g => filter.Status is null || g.Status == filter.Status)
            .ToList();
        var names = await NamesAsync(gifts, ct);
        var rows = gifts.OrderByDescending(g => g.CreatedAt).Skip(page.SafeSkip).Take(page.SafeTake)
            .Select(g => ToGift(g, names)).ToList();
        return new Page<DonorGift>(rows, gifts.Count, page.SafeSkip, page.SafeTake);
    }

    public async Task<IReadOnlyList<DonorGift>> AllDonorGiftsAsync(Guid userId, string email, CancellationToken ct = default)
    {
        var gifts = (await DonorGiftsQueryAsync(userId, email, ct)).Where(IsGift).ToList();
        var names = await NamesAsync(gifts, ct);
        return gifts.OrderByDescending(g => g.CreatedAt).Select(g => ToGift(g, names)).ToList();
    }

    /// <summary>One of the donor's own gifts with its journey; null for anyone else's gift.</summary>
    public async Task<DonorJourney?> DonorJourneyAsync(Guid donationId, Guid userId, string email, CancellationToken ct = default)
    {
        var gift = (await DonorGiftsQueryAsync(userId, email, ct, donationId)).SingleOrDefault();
        if (gift is null)
        {
            return null;
        }
        using var _ = tenant.ForOrganization(gift.OrganizationId);
        await using var db = await dbFactory.CreateAsync(ct);
        var steps = await db.JourneySteps.AsNoTracking().Where(s => s.DonationId == donationId).OrderBy(s => s.At).ToListAsync(ct);
        var family = gift.FamilyId is null ? null : await db.Families.AsNoTracking().SingleOrDefaultAsync(f => f.Id == gift.FamilyId, ct);
        return new DonorJourney(ToGift(gift, await NamesAsync([gift], ct)), family?.DisplayName, family?.Region, steps);
    }

    /// <summary>A photo on one of the donor's own gifts' journey steps; null for anyone else's.</summary>
    public async Task<StoredDocument?> DonorJourneyPhotoAsync(Guid donationId, Guid stepId, Guid userId, string email, CancellationToken ct = default)
    {
        var journey = await DonorJourneyAsync(donationId, userId, email, ct);
        if (journey?.Steps.SingleOrDefault(s => s.Id == stepId)?.PhotoId is not { } photoId)
        {
            return null;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == photoId, ct);
    }

    private async Task<List<Donation>> DonorGiftsQueryAsync(Guid userId, string email, CancellationToken ct, Guid? onlyDonationId = null)
    {
        // Gifts made signed in, and gifts made as a guest with the same (confirmed) address.
        var normalized = Validation.NormalizeEmail(email);
        using var _ = tenant.ForPerson(userId, normalized);
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Donations.AsNoTracking()
            .Where(d => onlyDonationId == null || d.Id == onlyDonationId)
            .Where(d => d.Status != DonationStatus.Abandoned) // a gift given up before its card was charged is no gift
            .ToListAsync(ct);
    }

    private static bool IsGift(Donation d) => !(d.RecurringGiftId is not null && d.Status == DonationStatus.Failed);

    private async Task<(Dictionary<Guid, string> Charities, Dictionary<Guid, string> Programs)> NamesAsync(IReadOnlyCollection<Donation> gifts,
        CancellationToken ct)
    {
        var orgIds = gifts.Select(g => g.OrganizationId).Distinct().ToList();
        var programIds = gifts.Select(g => g.ProgramId).Distinct().ToList();
        using var _ = tenant.AcrossTenants("public catalogue: names of the charities and programs of a donor's gifts");
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct),
            await db.Programs.Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct));
    }

    private static DonorGift ToGift(Donation d, (Dictionary<Guid, string> Charities, Dictionary<Guid, string> Programs) names) =>
        new(d.Id, names.Charities.GetValueOrDefault(d.OrganizationId, "?"), names.Programs.GetValueOrDefault(d.ProgramId, "?"),
            d.Charged, d.Refunded, d.Status, d.ReceiptNumber, d.CreatedAt, d.Stage, d.IsTaxDeductible, d.RefundedAt, d.RecurringGiftId);

    private static IReadOnlyList<Money> Totals(IEnumerable<Donation> gifts) =>
        gifts.GroupBy(g => g.Currency).Select(g => new Money(g.Sum(d => d.Kept.Amount), g.Key)).OrderBy(m => m.Currency).ToList();

    private static async Task<List<ProgramCard>> ProgramCardsAsync(IPlatformDb db, IReadOnlyList<Guid> organizationIds, Guid? programId,
        CancellationToken ct)
    {
        var programs = await db.Programs.AsNoTracking()
            .Where(p => organizationIds.Contains(p.OrganizationId) && (programId == null || p.Id == programId))
            .OrderBy(p => p.Name).ToListAsync(ct);
        var ids = programs.Select(p => p.Id).ToList();
        // One aggregate row per program, computed by the database.
        var totals = await db.Donations.AsNoTracking()
            .Where(d => ids.Contains(d.ProgramId) && Given.Contains(d.Status))
            .GroupBy(d => d.ProgramId)
            .Select(g => new
            {
                ProgramId = g.Key,
                Gifts = g.Count(),
                Raised = g.Sum(d => d.Amount + (d.CoverFee ? d.Fee : 0m) - d.Fee - d.RefundedAmount),
                Families = g.Where(d => d.FamilyId != null && JourneyStages.ReachedFamily.Contains(d.Stage)).Select(d => d.FamilyId).Distinct().Count(),
            })
            .ToDictionaryAsync(t => t.ProgramId, ct);
        var orgs = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return programs.Select(p =>
        {
            var total = totals.GetValueOrDefault(p.Id);
            var org = orgs[p.OrganizationId];
            return new ProgramCard(p.Id, p.OrganizationId, org.Name, org.Slug, p.Name, p.Description, p.Region, p.ImageUrl, p.Goal,
                new Money(Math.Max(0m, total?.Raised ?? 0m), p.Currency), total?.Gifts ?? 0, total?.Families ?? 0, p.IsOpen, org.IsTaxDeductible);
        }).ToList();
    }
}
