using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

public sealed record AdvanceInput(JourneyStage To, string? Note, string? Place, JourneyPhoto? Photo, string? Reason, Guid? FamilyId);

/// <summary>Charity staff move a gift along its journey; the donor's open page and inbox hear about it.</summary>
public sealed class JourneyService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    ICurrentActor actor,
    IMailer mailer,
    IAppLinks links,
    EventBus events,
    TimeProvider clock)
{
    public async Task<Result> AdvanceAsync(Guid donationId, AdvanceInput input, CancellationToken ct = default)
    {
        if (tenant.OrganizationId is null)
        {
            return Result.Fail("Only a charity's team can move a gift's journey.");
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var donation = await db.Donations.SingleOrDefaultAsync(d => d.Id == donationId, ct);
        if (donation is null)
        {
            return Result.Fail("Gift not found.");
        }
        var backwards = input.To < donation.Stage;
        var validation = new Validation()
            .When(donation.Status is not (DonationStatus.Succeeded or DonationStatus.PartiallyRefunded), "", "Only completed gifts have a journey to move.")
            .When(input.To == donation.Stage, "To", $"The gift is already {donation.Stage.Label()}.")
            .When(backwards && string.IsNullOrWhiteSpace(input.Reason), "Reason", "Say why the journey goes back a stage.")
            .When(input.To >= JourneyStage.Allocated && donation.FamilyId is null && input.FamilyId is null, "FamilyId",
                "Choose the family this gift is allocated to.")
            .Optional("Note", input.Note, "Note", JourneyStep.NoteMaxLength)
            .Optional("Place", input.Place, "Place", JourneyStep.PlaceMaxLength)
            .Optional("Reason", input.Reason, "Reason", JourneyStep.ReasonMaxLength)
            .When(input.Photo is { Content.Length: > JourneyPhoto.MaxBytes }, "Photo",
                $"The photo is larger than {JourneyPhoto.MaxBytes / 1024 / 1024} MB. Send a smaller one.")
            .When(input.Photo is { Content.Length: <= JourneyPhoto.MaxBytes, Kind: null }, "Photo",
                $"The photo must be a {JourneyPhoto.Accepted} image.");
        if (input.FamilyId is { } familyId && !await db.Families.AnyAsync(f => f.Id == familyId, ct))
        {
            validation.Add("FamilyId", "That family is not one of yours.");
        }
        if (!validation.IsValid)
        {
            return Result.From(validation);
        }
        var now = clock.GetUtcNow();
        donation.MoveTo(input.To, input.FamilyId, now);
        StoredDocument? photo = null;
        if (input.Photo is { Kind: var (contentType, extension) })
        {
            photo = new StoredDocument($"{donation.ReceiptNumber}-{input.To}.{extension}", contentType, input.Photo.Content, now);
            db.Documents.Add(photo);
        }
        db.JourneySteps.Add(new JourneyStep(donation, input.To, Blank(input.Note), Blank(input.Place), photo?.Id,
            backwards ? input.Reason!.Trim() : null, actor.Actor.UserId, now));
        await db.SaveChangesAsync(ct);

        await events.PublishAsync(new JourneyAdvanced(donation.Id, donation.OrganizationId, input.To));
        if (!backwards && donation.WantsEmailAt(input.To))
        {
            var charity = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == donation.OrganizationId, ct);
            var program = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == donation.ProgramId, ct);
            await mailer.SendAsync(donation.DonorEmail, new JourneyMilestoneEmail(donation.DonorName, charity.Name, program.Name,
                input.To.Label(), Blank(input.Note), Blank(input.Place), links.DonationJourney(donation.Id)), ct);
        }
        return Result.Ok;
    }

    /// <summary>The charity's journeys in numbers: active ones, those that have not moved for a while, each stage, families reached.</summary>
    public async Task<JourneyBoard> BoardAsync(int stalledAfterDays, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var stalledBefore = clock.GetUtcNow().AddDays(-stalledAfterDays);
        var completed = db.Donations.AsNoTracking().Where(d => d.Status == DonationStatus.Succeeded || d.Status == DonationStatus.PartiallyRefunded);
        var active = completed.Where(d => d.Stage != JourneyStage.Confirmed);
        var activeCount = await active.CountAsync(ct);
        var stalled = await active.CountAsync(d => d.LastProgressAt < stalledBefore, ct);
        var byStage = await completed.GroupBy(d => d.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var familiesHelped = await db.Donations.Where(d => d.FamilyId != null && JourneyStages.ReachedFamily.Contains(d.Stage))
            .Select(d => d.FamilyId).Distinct().CountAsync(ct);
        return new JourneyBoard(activeCount, stalled,
            Enum.GetValues<JourneyStage>().ToDictionary(s => s, s => byStage.SingleOrDefault(b => b.Key == s)?.Count ?? 0), familiesHelped);
    }

    /// <summary>One page of the active journeys, the longest without progress first; those idle too long are flagged as stalled.</summary>
    public async Task<Page<JourneyRow>> ActiveAsync(int stalledAfterDays, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var stalledBefore = clock.GetUtcNow().AddDays(-stalledAfterDays);
        var active = db.Donations.AsNoTracking()
            .Where(d => (d.Status == DonationStatus.Succeeded || d.Status == DonationStatus.PartiallyRefunded) && d.Stage != JourneyStage.Confirmed);
        var total = await active.CountAsync(ct);
        var rows = await active.OrderBy(d => d.LastProgressAt).ThenBy(d => d.Id).Skip(page.SafeSkip).Take(page.SafeTake)
            .Select(d => new JourneyRow(d.Id, d.ReceiptNumber!, d.IsAnonymous ? "Anonymous" : d.DonorName, d.Amount, d.Currency,
                d.ProgramId, d.Stage, d.LastProgressAt!.Value, d.LastProgressAt < stalledBefore))
            .ToListAsync(ct);
        return new Page<JourneyRow>(rows, total, page.SafeSkip, page.SafeTake);
    }

    public async Task<IReadOnlyList<JourneyStep>> StepsAsync(Guid donationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.JourneySteps.AsNoTracking().Where(s => s.DonationId == donationId).OrderBy(s => s.At).ToListAsync(ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record JourneyRow(Guid DonationId, string ReceiptNumber, string Donor, decimal Amount, string Currency, Guid ProgramId,
    JourneyStage Stage, DateTimeOffset LastProgressAt, bool IsStalled);

public sealed record JourneyBoard(int Active, int Stalled, IReadOnlyDictionary<JourneyStage, int> ByStage, int FamiliesHelped);
