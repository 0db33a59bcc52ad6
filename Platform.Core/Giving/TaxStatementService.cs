using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>Which statements a run covers: a year, and optionally one charity or one donor.</summary>
public sealed record StatementRun(int Year, Guid? OrganizationId = null, string? DonorEmail = null)
{
    public override string ToString() =>
        $"year {Year}" + (OrganizationId is { } o ? $", charity {o}" : "") + (DonorEmail is { } d ? $", donor {d}" : "");
}

public sealed record StatementRunResult(int Donors, int Issued, int Amended, int Unchanged, int Emailed);

public sealed record DonorStatement(Guid Id, Guid OrganizationId, string Number, int Year, string CharityName, Money Total, int Gifts, int Revision,
    string? AmendsNumber, DateTimeOffset IssuedAt, bool Superseded);


/// <summary>
/// Yearly tax statements: for each donor, one statement per charity and currency of the year's tax-deductible gifts,
/// rendered to PDF, stored with its hash, numbered per charity and year, and emailed with a one-page summary across
/// charities. A run is resumable and repeatable: a donor whose gifts have not changed since their statement was issued
/// gets nothing new; one whose gifts changed (a refund) gets an amended statement that names the one it corrects; a
/// statement issued but not yet emailed (the run stopped) is emailed by the next run.
/// </summary>
public sealed class TaxStatementService(
    IServiceScopeFactory scopes,
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    IDocumentRenderer renderer,
    IMailer mailer,
    IAppLinks links,
    GivingOptions options,
    TimeProvider clock,
    ILogger<TaxStatementService> logger)
{
    private static readonly DonationStatus[] Given = [DonationStatus.Succeeded, DonationStatus.PartiallyRefunded, DonationStatus.Refunded];

    public Validation Validate(StatementRun run) => new Validation()
        .When(run.Year < 2000 || run.Year > clock.GetUtcNow().Year, "Year", $"Choose a year from 2000 to {clock.GetUtcNow().Year}.")
        .When(run.DonorEmail is { } e && !e.Contains('@'), "DonorEmail", "Enter the donor's email address.");

    /// <summary>Issues and emails every statement the run covers that is due; donors are worked on in parallel, each on its own.</summary>
    public async Task<StatementRunResult> IssueAsync(StatementRun run, IJobProgress progress, CancellationToken ct = default)
    {
        var validation = Validate(run);
        if (!validation.IsValid)
        {
            throw new ArgumentException(string.Join(" ", validation.ToDictionary().Values.SelectMany(m => m)), nameof(run));
        }
        var donors = await DonorsAsync(run, ct);
        progress.Total(donors.Count);
        progress.Log($"{donors.Count} donors with tax-deductible gifts in {run.Year}.");

        int issued = 0, amended = 0, unchanged = 0, emailed = 0;
        await Parallel.ForEachAsync(donors, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.StatementWorkers), CancellationToken = ct },
            async (donor, token) =>
            {
                // Each donor in a scope of its own: its own tenant context and units of work.
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<TaxStatementService>()
                    .IssueForDonorAsync(run with { DonorEmail = donor }, token);
                Interlocked.Add(ref issued, outcome.Issued);
                Interlocked.Add(ref amended, outcome.Amended);
                Interlocked.Add(ref unchanged, outcome.Unchanged);
                Interlocked.Add(ref emailed, outcome.Emailed);
                progress.Done();
            });
        progress.Log($"Issued {issued}, amended {amended}, unchanged {unchanged}; emailed {emailed} donors.");
        return new StatementRunResult(donors.Count, issued, amended, unchanged, emailed);
    }

    /// <summary>One donor's statements for the run's year (and charity, when given).</summary>
    public async Task<StatementRunResult> IssueForDonorAsync(StatementRun run, CancellationToken ct = default)
    {
        var email = run.DonorEmail is { } given ? Validation.NormalizeEmail(given) : throw new ArgumentException("A donor is required.", nameof(run));
        var (from, to) = YearBounds(run.Year);
        List<GiftRow> gifts;
        List<TaxStatement> existing;
        Dictionary<Guid, Organization> charities;
        using (tenant.AcrossTenants("tax statements: one donor's deductible gifts across charities"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            gifts = await db.Donations.AsNoTracking()
                .Where(d => d.DonorEmail == email && d.IsTaxDeductible && Given.Contains(d.Status)
                    && d.SucceededAt >= from && d.SucceededAt < to
                    && (run.OrganizationId == null || d.OrganizationId == run.OrganizationId))
                .Join(db.Programs, d => d.ProgramId, p => p.Id, (d, p) => new GiftRow(d.Id, d.OrganizationId, d.DonorUserId, d.DonorName,
                    d.PostalAddress, d.ReceiptNumber!, d.SucceededAt!.Value, p.Name,
                    d.Amount + (d.CoverFee ? d.Fee : 0m) - d.RefundedAmount, d.Currency, d.RefundedAmount, d.RefundedAt))
                .ToListAsync(ct);
            existing = await db.TaxStatements.AsNoTracking()
                .Where(s => s.DonorEmail == email && s.Year == run.Year)
                .ToListAsync(ct);
            var ids = gifts.Select(g => g.OrganizationId).Concat(existing.Select(s => s.OrganizationId)).Distinct().ToList();
            charities = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        }
        // The year is the charity's own, in its time zone: a gift at 23:30 on 31 December in New York is that year's.
        gifts = gifts
            .Select(g => g with { Date = TimeZoneInfo.ConvertTime(g.Date, charities[g.OrganizationId].Zone()) })
            .Where(g => g.Date.Year == run.Year)
            .ToList();

        int issued = 0, amended = 0, unchanged = 0;
        foreach (var group in gifts.GroupBy(g => (g.OrganizationId, g.Currency)))
        {
            var lines = group.OrderBy(g => g.Date).ThenBy(g => g.ReceiptNumber).ToList();
            var digest = Digest(lines);
            var latest = existing.Where(s => s.OrganizationId == group.Key.OrganizationId && s.Currency == group.Key.Currency)
                .MaxBy(s => s.Revision);
            var total = new Money(lines.Sum(l => l.Kept), group.Key.Currency);
            if (latest?.Digest == digest || (latest is null && total.Amount == 0m))
            {
                unchanged++;
                continue;
            }
            var statement = await IssueOneAsync(charities[group.Key.OrganizationId], run.Year, email, lines, total, digest, latest, ct);
            if (statement is null)
            {
                unchanged++; // Issued meanwhile by a concurrent run.
                continue;
            }
            existing.Add(statement);
            if (latest is null)
            {
                issued++;
            }
            else
            {
                amended++;
            }
        }

        var emailed = await EmailPendingAsync(run.Year, email, existing, charities, ct) ? 1 : 0;
        return new StatementRunResult(1, issued, amended, unchanged, emailed);
    }

    /// <summary>The donor's statements, every revision, newest year first; found by their account or their confirmed address.</summary>
    public async Task<IReadOnlyList<DonorStatement>> DonorStatementsAsync(Guid userId, string email, CancellationToken ct = default)
    {
        var normalized = Validation.NormalizeEmail(email);
        List<TaxStatement> statements;
        using (tenant.ForPerson(userId, normalized))
        {
            await using var own = await dbFactory.CreateAsync(ct);
            statements = await own.TaxStatements.AsNoTracking()
                .OrderByDescending(s => s.Year).ThenByDescending(s => s.IssuedAt)
                .ToListAsync(ct);
        }
        var ids = statements.Select(s => s.OrganizationId).Distinct().ToList();
        using var _ = tenant.AcrossTenants("public catalogue: names of the charities on a donor's statements");
        await using var db = await dbFactory.CreateAsync(ct);
        var names = await db.Organizations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var numbers = statements.ToDictionary(s => s.Id, s => s.Number);
        var amended = statements.Where(s => s.AmendsId is not null).Select(s => s.AmendsId!.Value).ToHashSet();
        return statements.Select(s => new DonorStatement(s.Id, s.OrganizationId, s.Number, s.Year, names.GetValueOrDefault(s.OrganizationId, "?"), s.TotalMoney,
            s.Gifts, s.Revision, s.AmendsId is { } a ? numbers.GetValueOrDefault(a) : null, s.IssuedAt, amended.Contains(s.Id))).ToList();
    }

    /// <summary>One of the donor's own statement PDFs, checked against its stored hash; null for anyone else's.</summary>
    public async Task<DocumentFile?> DonorStatementFileAsync(Guid statementId, Guid userId, string email, CancellationToken ct = default)
    {
        var normalized = Validation.NormalizeEmail(email);
        TaxStatement? statement;
        using (tenant.ForPerson(userId, normalized))
        {
            await using var own = await dbFactory.CreateAsync(ct);
            statement = await own.TaxStatements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == statementId, ct);
        }
        if (statement is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Documents.AsNoTracking().SingleAsync(d => d.Id == statement.DocumentId, ct)).ToFile();
    }

    /// <summary>The donor's summary across charities for a year, rendered now from their current statements.</summary>
    public async Task<DocumentFile?> CombinedFileAsync(Guid userId, string email, int year, CancellationToken ct = default)
    {
        var current = (await DonorStatementsAsync(userId, email, ct)).Where(s => s.Year == year && !s.Superseded).ToList();
        if (current.Count == 0)
        {
            return null;
        }
        Organization[] charities;
        string donorName;
        string? address;
        using (tenant.ForPerson(userId, Validation.NormalizeEmail(email)))
        {
            await using var own = await dbFactory.CreateAsync(ct);
            var ids = current.Select(s => s.Id).ToList();
            var newest = await own.TaxStatements.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderByDescending(s => s.IssuedAt).FirstAsync(ct);
            (donorName, address) = (newest.DonorName, newest.PostalAddress);
        }
        using (tenant.AcrossTenants("public catalogue: the charities on a donor's statements"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            var orgIds = current.Select(s => s.OrganizationId).ToList();
            charities = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToArrayAsync(ct);
        }
        var document = CombinedDocument(year, donorName, address, current, charities);
        return new DocumentFile($"giving-summary-{year}.pdf", "application/pdf", await renderer.RenderPdfAsync(document, ct));
    }

    private async Task<List<string>> DonorsAsync(StatementRun run, CancellationToken ct)
    {
        var (from, to) = YearBounds(run.Year);
        var donor = run.DonorEmail is { } given ? Validation.NormalizeEmail(given) : null;
        using var _ = tenant.AcrossTenants("tax statements: every donor with deductible gifts in the year");
        await using var db = await dbFactory.CreateAsync(ct);
        var withGifts = db.Donations.AsNoTracking()
            .Where(d => d.IsTaxDeductible && Given.Contains(d.Status) && d.SucceededAt >= from && d.SucceededAt < to)
            .Where(d => run.OrganizationId == null || d.OrganizationId == run.OrganizationId)
            .Where(d => donor == null || d.DonorEmail == donor)
            .Select(d => d.DonorEmail);
        // Donors with statements not yet emailed, so that a stopped run is finished by the next.
        var unsent = db.TaxStatements.AsNoTracking()
            .Where(s => s.Year == run.Year && s.EmailedAt == null)
            .Where(s => run.OrganizationId == null || s.OrganizationId == run.OrganizationId)
            .Where(s => donor == null || s.DonorEmail == donor)
            .Select(s => s.DonorEmail);
        return await withGifts.Union(unsent).OrderBy(e => e).ToListAsync(ct);
    }

    private async Task<TaxStatement?> IssueOneAsync(Organization charity, int year, string email, List<GiftRow> lines, Money total,
        string digest, TaxStatement? amends, CancellationToken ct)
    {
        var newest = lines.Where(l => l.PostalAddress is not null).MaxBy(l => l.Date) ?? lines.MaxBy(l => l.Date)!;
        var now = clock.GetUtcNow();
        using var _ = tenant.ForOrganization(charity.Id);

        // The number is taken and committed first, so that the slow part (printing) holds no transaction; a run that fails
        // while printing leaves a gap in the numbers, never a duplicate.
        long sequence;
        await using (var db = await dbFactory.CreateAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            sequence = await db.NextNumberAsync(charity.Id, TaxStatement.Sequence, year, ct);
            await transaction.CommitAsync(ct);
        }
        var number = $"TS-{year}-{sequence:D6}";
        var model = new TaxStatementDocument(number, year, now, amends?.Number, charity.Name, charity.RegistrationNumber, charity.LogoUrl,
            charity.PrimaryColor, charity.DeductibilityText, newest.DonorName, newest.PostalAddress,
            lines.Select(l => new StatementLine(l.Date, l.ReceiptNumber, l.ProgramName, new Money(l.Kept, l.Currency),
                l.Refunded > 0m ? new Money(l.Refunded, l.Currency) : null, l.RefundedAt)).ToList(), total);
        var pdf = await renderer.RenderPdfAsync(model, ct);

        await using (var db = await dbFactory.CreateAsync(ct))
        {
            var document = new StoredDocument($"tax-statement-{number}.pdf", "application/pdf", pdf, now);
            var statement = new TaxStatement(charity.Id, year, email, lines.Select(l => l.DonorUserId).FirstOrDefault(u => u is not null),
                newest.DonorName, newest.PostalAddress, total, lines.Count, digest, number, amends, document.Id, now);
            db.Documents.Add(document);
            db.TaxStatements.Add(statement);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                logger.LogInformation("Statement for {Donor} at {Charity} {Year} was issued concurrently", email, charity.Id, year);
                return null;
            }
            return statement;
        }
    }

    private async Task<bool> EmailPendingAsync(int year, string email, List<TaxStatement> statements, Dictionary<Guid, Organization> charities,
        CancellationToken ct)
    {
        var superseded = statements.Where(s => s.AmendsId is not null).Select(s => s.AmendsId!.Value).ToHashSet();
        var current = statements.Where(s => !superseded.Contains(s.Id)).ToList();
        var pending = current.Where(s => s.EmailedAt is null).ToList();
        if (pending.Count == 0)
        {
            return false;
        }
        List<StoredDocument> documents;
        using (tenant.AcrossTenants("tax statements: the donor's unsent statement files"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            var ids = pending.Select(s => s.DocumentId).ToList();
            documents = await db.Documents.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        }
        var attachments = documents.Select(d => new EmailAttachment(d.FileName, d.ContentType, d.Content)).ToList();
        var newest = current.MaxBy(s => s.IssuedAt)!;
        if (current.Count > 1)
        {
            var summary = CombinedDocument(year, newest.DonorName, newest.PostalAddress,
                current.Select(s => new DonorStatement(s.Id, s.OrganizationId, s.Number, s.Year, charities[s.OrganizationId].Name, s.TotalMoney, s.Gifts,
                    s.Revision, null, s.IssuedAt, false)).ToList(), charities.Values);
            attachments.Add(new EmailAttachment($"giving-summary-{year}.pdf", "application/pdf", await renderer.RenderPdfAsync(summary, ct)));
        }
        await mailer.SendAsync(email, new TaxStatementEmail(newest.DonorName, year,
            pending.Select(s => charities[s.OrganizationId].Name).Distinct().ToList(), links.DonorStatements()), attachments, ct);

        var now = clock.GetUtcNow();
        foreach (var byCharity in pending.GroupBy(s => s.OrganizationId))
        {
            using var _ = tenant.ForOrganization(byCharity.Key);
            await using var db = await dbFactory.CreateAsync(ct);
            var ids = byCharity.Select(s => s.Id).ToList();
            foreach (var statement in await db.TaxStatements.Where(s => ids.Contains(s.Id)).ToListAsync(ct))
            {
                statement.Emailed(now);
            }
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    private CombinedStatementDocument CombinedDocument(int year, string donorName, string? address, IReadOnlyList<DonorStatement> current,
        IEnumerable<Organization> charities)
    {
        var registration = charities.ToDictionary(c => c.Id, c => c.RegistrationNumber);
        return new CombinedStatementDocument(year, clock.GetUtcNow(), donorName, address,
            current.OrderBy(s => s.CharityName).Select(s => new CombinedStatementLine(s.CharityName, registration.GetValueOrDefault(s.OrganizationId),
                s.Number, s.Gifts, s.Total)).ToList());
    }

    // Wide enough for the year in every time zone (offsets reach -12 and +14 hours); each charity's own year is applied
    // to its gifts once they are read.
    private static (DateTimeOffset From, DateTimeOffset To) YearBounds(int year) =>
        (new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(-14), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(12));

    private static string Digest(IEnumerable<GiftRow> lines) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join(';', lines.OrderBy(l => l.Id).Select(l => $"{l.Id:N}:{l.Kept:0.0000}")))));

    private sealed record GiftRow(Guid Id, Guid OrganizationId, Guid? DonorUserId, string DonorName, string? PostalAddress,
        string ReceiptNumber, DateTimeOffset Date, string ProgramName, decimal Kept, string Currency, decimal Refunded, DateTimeOffset? RefundedAt);
}
