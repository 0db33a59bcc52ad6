using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Reports;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>One month's gifts on the dashboard's chart, in the chart's currency.</summary>
public sealed record MonthGiven(ReportMonth Month, decimal Amount, int Gifts);

/// <summary>
/// What a charity's dashboard shows: the money given this month (in the organization's time zone, per currency), its
/// journeys and the families reached, and the last months' gifts in the currency most given in.
/// </summary>
public sealed record CharityDashboard(IReadOnlyList<Money> GivenThisMonth, int GiftsThisMonth, JourneyBoard Journeys, string ChartCurrency,
    IReadOnlyList<MonthGiven> Months);

/// <summary>The charity dashboard's figures, each one grouped query over the current organization's gifts (its filters apply).</summary>
public sealed class CharityDashboardQuery(IPlatformDbFactory dbFactory, ITenantContext tenant, JourneyService journeys, GivingOptions options,
    TimeProvider clock)
{
    public const int ChartMonths = 6;

    // Refunded gifts were given too: the month shows what donors gave, as the charity's reports do.
    private static readonly DonationStatus[] Given = [DonationStatus.Succeeded, DonationStatus.PartiallyRefunded, DonationStatus.Refunded];

    public async Task<CharityDashboard?> LoadAsync(CancellationToken ct = default)
    {
        if (tenant.OrganizationId is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.OrganizationId, ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(organization.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var thisMonth = ReportMonth.Of(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var (start, end) = thisMonth.Bounds(zone);
        var gifts = db.Donations.AsNoTracking().Where(d => Given.Contains(d.Status));

        var month = await gifts.Where(d => d.SucceededAt >= start && d.SucceededAt < end)
            .GroupBy(d => d.Currency)
            .Select(g => new { Currency = g.Key, Gifts = g.Count(), Amount = g.Sum(d => d.Amount + (d.CoverFee ? d.Fee : 0m)) })
            .ToListAsync(ct);
        var chartCurrency = month.OrderByDescending(m => m.Amount).Select(m => m.Currency).FirstOrDefault() ?? organization.Currency;

        // One grouped sum per month keeps the work in the database without provider-specific date functions.
        var months = new List<MonthGiven>(ChartMonths);
        var first = thisMonth;
        for (var i = 1; i < ChartMonths; i++)
        {
            first = first.Previous;
        }
        for (var m = first; months.Count < ChartMonths; m = ReportMonth.Of(new DateTime(m.Year, m.Month, 1).AddMonths(1)))
        {
            var (from, to) = m.Bounds(zone);
            var total = await gifts.Where(d => d.Currency == chartCurrency && d.SucceededAt >= from && d.SucceededAt < to)
                .GroupBy(_ => 1).Select(g => new { Amount = g.Sum(d => d.Amount + (d.CoverFee ? d.Fee : 0m)), Gifts = g.Count() })
                .SingleOrDefaultAsync(ct);
            months.Add(new MonthGiven(m, total?.Amount ?? 0m, total?.Gifts ?? 0));
        }

        return new CharityDashboard(
            month.OrderBy(m => m.Currency).Select(m => new Money(m.Amount, m.Currency)).ToList(),
            month.Sum(m => m.Gifts),
            await journeys.BoardAsync(options.StalledAfterDays, ct),
            chartCurrency,
            months);
    }
}
