using System.Globalization;
using System.Text;
using Platform.Core.Common;

namespace Platform.Core.Reports;

/// <summary>
/// A report as one flat CSV for spreadsheets: every figure of the PDF is a row of section, item, currency, count and
/// amount, so it can be filtered and pivoted without parsing headings.
/// </summary>
public static class ReportCsv
{
    private static readonly string[] Header = ["Section", "Item", "Currency", "Count", "Amount"];

    public static byte[] Organization(OrganizationReportDocument report)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var t in report.Totals)
        {
            rows.Add(["Totals", "Gross received", t.Currency, t.Gifts, A(t.Gross)]);
            rows.Add(["Totals", "Platform fees", t.Currency, null, A(t.Fees)]);
            rows.Add(["Totals", "Refunded", t.Currency, null, A(t.Refunded)]);
            rows.Add(["Totals", "Net", t.Currency, null, A(t.Net)]);
        }
        rows.AddRange(Lines("By location", report.ByLocation));
        rows.AddRange(Lines("By program", report.ByProgram));
        rows.Add(["Donors", "Gave this month", null, report.Donors.Active, null]);
        rows.Add(["Donors", "Gained (first gift)", null, report.Donors.Gained, null]);
        rows.Add(["Donors", "Returning", null, report.Donors.Returning, null]);
        rows.Add(["Donors", "Lost (gave last month, not this month)", null, report.Donors.Lost, null]);
        rows.Add(["Donors", "Monthly gifts charged", null, report.Donors.MonthlyGiftsCharged, null]);
        rows.AddRange(report.Payouts.Select(p => (IReadOnlyList<object?>)
            ["Payouts", $"{p.PeriodKey} {StatusNames.Words(p.Status)}{(p.PaidAt is { } at ? $" {Day(at)}" : "")}", p.Net.Currency, 1, A(p.Net)]));
        rows.AddRange(report.TopGifts.Select(g => (IReadOnlyList<object?>)
            ["Top gifts", $"{Day(g.At)} {g.Donor} to {g.Program}", g.Amount.Currency, 1, A(g.Amount)]));
        rows.AddRange(Daily(report.Month, report.ChartCurrency, report.Daily));
        return Bytes(rows);
    }

    public static byte[] Platform(PlatformReportDocument report)
    {
        var rows = new List<IReadOnlyList<object?>>();
        rows.AddRange(report.ByStatus.Select(s => (IReadOnlyList<object?>)["Organizations by status", s.Label, null, (int)s.Value, null]));
        rows.AddRange(report.ByPlan.Select(s => (IReadOnlyList<object?>)["Organizations by plan", s.Label, null, (int)s.Value, null]));
        rows.Add(["Trials", "Started (organizations created)", null, report.OrganizationsCreated, null]);
        rows.Add(["Trials", "Converted to a paid plan", null, report.TrialsConverted, null]);
        rows.Add(["Trials", "Expired", null, report.TrialsExpired, null]);
        foreach (var v in report.Volume)
        {
            rows.Add(["Volume", "Gross volume", v.Currency, v.Gifts, A(v.Gross)]);
            rows.Add(["Volume", "Platform fees", v.Currency, null, A(v.Fees)]);
            rows.Add(["Volume", "Refunded", v.Currency, null, A(v.Refunded)]);
        }
        rows.AddRange(Lines("Payouts", report.PayoutsPaid));
        rows.AddRange(Lines("Top organizations", report.TopOrganizations));
        rows.AddRange(Daily(report.Month, report.ChartCurrency, report.Daily));
        return Bytes(rows);
    }

    private static IEnumerable<IReadOnlyList<object?>> Lines(string section, IEnumerable<ReportLine> lines) =>
        lines.Select(l => (IReadOnlyList<object?>)[section, l.Label, l.Amount.Currency, l.Count, A(l.Amount)]);

    private static IEnumerable<IReadOnlyList<object?>> Daily(ReportMonth month, string currency, IEnumerable<ChartPoint> days) =>
        days.Select(d => (IReadOnlyList<object?>)["Daily", $"{month.Key}-{int.Parse(d.Label, CultureInfo.InvariantCulture):00}", currency, null, A(new Money(d.Value, currency))]);

    /// <summary>An amount to the currency's minor unit, with a dot: what spreadsheets read as a number everywhere.</summary>
    private static string A(Money money) =>
        money.Round().Amount.ToString("F" + Currencies.MinorDigits(money.Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // With a byte-order mark so spreadsheet programs read names with accents as UTF-8.
    private static byte[] Bytes(IEnumerable<IReadOnlyList<object?>> rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv.Write(Header, rows))];
}
