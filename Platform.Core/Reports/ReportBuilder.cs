using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Payouts;
using Platform.Core.Tenancy;

namespace Platform.Core.Reports;

/// <summary>
/// Reads a month's figures: for the current organization (inside its tenant context, so only its data) in its own time
/// zone, or for the whole platform (staff work across tenants) in UTC. Reads only; issuing and emailing is
/// <see cref="ReportService"/>'s.
/// </summary>
public sealed class ReportBuilder(IPlatformDbFactory dbFactory, ITenantContext tenant, TimeProvider clock)
{
    public const int TopCount = 5;

    /// <summary>The current organization's report for <paramref name="month"/>.</summary>
    public async Task<OrganizationReportDocument> OrganizationAsync(ReportMonth month, CancellationToken ct = default)
    {
        var organizationId = tenant.OrganizationId ?? throw new InvalidOperationException("An organization report needs an organization to act for.");
        await using var db = await dbFactory.CreateAsync(ct);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
        var zone = organization.Zone();
        var (start, end) = month.Bounds(zone);
        var (previousStart, _) = month.Previous.Bounds(zone);

        // One organization's month of gifts is small enough to read once and group here, the same way on both providers.
        var gifts = await db.Donations.AsNoTracking()
            .Where(d => d.SucceededAt >= start && d.SucceededAt < end)
            .Select(d => new Gift(d.LocationId, d.ProgramId, d.RecurringGiftId, d.DonorEmail, d.IsAnonymous ? null : d.DonorName,
                d.Amount + (d.CoverFee ? d.Fee : 0m), d.Fee, d.RefundedAmount, d.Currency, d.SucceededAt!.Value))
            .ToListAsync(ct);
        var locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var programs = await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var donorsBefore = await db.Donations.AsNoTracking()
            .Where(d => d.SucceededAt != null && d.SucceededAt < start).Select(d => d.DonorEmail).Distinct().ToListAsync(ct);
        var donorsLastMonth = await db.Donations.AsNoTracking()
            .Where(d => d.SucceededAt >= previousStart && d.SucceededAt < start).Select(d => d.DonorEmail).Distinct().ToListAsync(ct);
        var active = gifts.Select(g => g.DonorEmail).ToHashSet(StringComparer.Ordinal);
        var before = donorsBefore.ToHashSet(StringComparer.Ordinal);
        var gained = active.Count(e => !before.Contains(e));
        var donors = new DonorMovement(active.Count, gained, donorsLastMonth.Count(e => !active.Contains(e)), active.Count - gained,
            gifts.Where(g => g.RecurringGiftId is not null).Select(g => g.RecurringGiftId).Distinct().Count());

        var payouts = await db.Payouts.AsNoTracking()
            .Where(p => (p.PaidAt >= start && p.PaidAt < end) || (p.Status != PayoutStatus.Paid && p.PeriodEnd >= start && p.PeriodEnd < end))
            .OrderBy(p => p.PeriodStart)
            .Select(p => new { p.PeriodKey, p.PaidAt, p.Net, p.Currency, p.Status })
            .ToListAsync(ct);

        var chartCurrency = MainCurrency(gifts.GroupBy(g => g.Currency).Select(g => (g.Key, g.Sum(x => x.Charged))), organization.Currency);
        var daily = new decimal[month.Days];
        foreach (var gift in gifts.Where(g => g.Currency == chartCurrency))
        {
            daily[ReportMonth.DayOf(gift.At, zone) - 1] += gift.Charged;
        }

        return new OrganizationReportDocument(organization.Name, organization.LogoUrl, organization.PrimaryColor, organization.Kind, month,
            zone.Id, Totals(gifts), Breakdown(gifts, g => g.LocationId, locations), Breakdown(gifts, g => g.ProgramId, programs), donors,
            payouts.Select(p => new PayoutLine(p.PeriodKey, p.PaidAt, new Money(p.Net, p.Currency), p.Status.ToString())).ToList(),
            gifts.OrderByDescending(g => g.Charged).ThenBy(g => g.At).Take(TopCount)
                .Select(g => new TopGift(g.At, g.DonorName ?? "Anonymous", programs.GetValueOrDefault(g.ProgramId, "(removed program)"),
                    new Money(g.Charged, g.Currency))).ToList(),
            chartCurrency, Days(daily), clock.GetUtcNow());
    }

    /// <summary>The platform's month across every organization (UTC month).</summary>
    public async Task<PlatformReportDocument> PlatformAsync(ReportMonth month, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants($"platform report {month}");
        await using var db = await dbFactory.CreateAsync(ct);
        var (start, end) = month.Bounds(TimeZoneInfo.Utc);

        var byStatus = await db.Organizations.AsNoTracking().GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byPlan = await db.Organizations.AsNoTracking().GroupBy(o => o.Plan).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var created = await db.Organizations.CountAsync(o => o.CreatedAt >= start && o.CreatedAt < end, ct);
        var converted = await db.Organizations.CountAsync(o => o.ConvertedAt >= start && o.ConvertedAt < end, ct);
        var expired = await db.Organizations.CountAsync(o => o.Status == OrganizationStatus.Expired && o.TrialEndsAt >= start && o.TrialEndsAt < end, ct);

        var gifts = db.Donations.AsNoTracking().Where(d => d.SucceededAt >= start && d.SucceededAt < end);
        var volume = await gifts.GroupBy(d => d.Currency)
            .Select(g => new
            {
                Currency = g.Key,
                Gifts = g.Count(),
                Gross = g.Sum(d => d.Amount + (d.CoverFee ? d.Fee : 0m)),
                Fees = g.Sum(d => d.Fee),
                Refunded = g.Sum(d => d.RefundedAmount),
            }).ToListAsync(ct);
        var byOrganization = await gifts.GroupBy(d => new { d.OrganizationId, d.Currency })
            .Select(g => new { g.Key.OrganizationId, g.Key.Currency, Gifts = g.Count(), Gross = g.Sum(d => d.Amount + (d.CoverFee ? d.Fee : 0m)) })
            .ToListAsync(ct);
        var top = byOrganization.OrderByDescending(o => o.Gross).Take(TopCount * 2).ToList();
        var topIds = top.Select(t => t.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => topIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var payouts = await db.Payouts.AsNoTracking().Where(p => p.PaidAt >= start && p.PaidAt < end)
            .GroupBy(p => p.Currency).Select(g => new { Currency = g.Key, Count = g.Count(), Net = g.Sum(p => p.Net) }).ToListAsync(ct);

        var chartCurrency = MainCurrency(volume.Select(v => (v.Currency, v.Gross)), "USD");
        // One sum per day keeps the grouping in the database without provider-specific date functions.
        var daily = new decimal[month.Days];
        for (var day = 0; day < month.Days; day++)
        {
            var from = start.AddDays(day);
            var to = from.AddDays(1);
            daily[day] = await gifts.Where(d => d.Currency == chartCurrency && d.SucceededAt >= from && d.SucceededAt < to)
                .SumAsync(d => (decimal?)(d.Amount + (d.CoverFee ? d.Fee : 0m)), ct) ?? 0m;
        }

        return new PlatformReportDocument(month,
            byStatus.OrderBy(s => s.Key.ToString()).Select(s => new ChartPoint(StatusNames.Of(s.Key), s.Count)).ToList(),
            byPlan.OrderBy(p => Plans.All.ToList().IndexOf(p.Key)).Select(p => new ChartPoint(p.Key, p.Count)).ToList(),
            created, converted, expired,
            volume.OrderBy(v => v.Currency).Select(v => new CurrencyTotals(v.Currency, v.Gifts, new Money(v.Gross, v.Currency),
                new Money(v.Fees, v.Currency), new Money(v.Refunded, v.Currency))).ToList(),
            payouts.OrderBy(p => p.Currency).Select(p => new ReportLine($"Payouts in {p.Currency}", p.Count, new Money(p.Net, p.Currency))).ToList(),
            top.Take(TopCount).Select(t => new ReportLine(names.GetValueOrDefault(t.OrganizationId, t.OrganizationId.ToString()), t.Gifts,
                new Money(t.Gross, t.Currency))).ToList(),
            chartCurrency, Days(daily), clock.GetUtcNow());
    }

    private static List<CurrencyTotals> Totals(IEnumerable<Gift> gifts) =>
        gifts.GroupBy(g => g.Currency).OrderBy(g => g.Key)
            .Select(g => new CurrencyTotals(g.Key, g.Count(), new Money(g.Sum(x => x.Charged), g.Key), new Money(g.Sum(x => x.Fee), g.Key),
                new Money(g.Sum(x => x.Refunded), g.Key)))
            .ToList();

    private static List<ReportLine> Breakdown(IEnumerable<Gift> gifts, Func<Gift, Guid> by, IReadOnlyDictionary<Guid, string> names) =>
        gifts.GroupBy(g => (Id: by(g), g.Currency))
            .Select(g => new ReportLine(names.GetValueOrDefault(g.Key.Id, "(removed)"), g.Count(), new Money(g.Sum(x => x.Charged), g.Key.Currency)))
            .OrderByDescending(l => l.Amount.Amount).ThenBy(l => l.Label, StringComparer.Ordinal)
            .ToList();

    /// <summary>The currency with the most volume (the one charts are drawn in); <paramref name="fallback"/> when there is none.</summary>
    private static string MainCurrency(IEnumerable<(string Currency, decimal Amount)> volume, string fallback) =>
        volume.OrderByDescending(v => v.Amount).Select(v => v.Currency).FirstOrDefault() ?? fallback;

    private static List<ChartPoint> Days(decimal[] daily) =>
        daily.Select((amount, i) => new ChartPoint((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), amount)).ToList();

    private sealed record Gift(Guid LocationId, Guid ProgramId, Guid? RecurringGiftId, string DonorEmail, string? DonorName, decimal Charged,
        decimal Fee, decimal Refunded, string Currency, DateTimeOffset At);
}
