using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Platform.Core.Reports;

/// <summary>A calendar month a report covers, written <c>yyyy-MM</c>.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    public string Key => $"{Year:0000}-{Month:00}";

    public string Label => First.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public int Days => DateTime.DaysInMonth(Year, Month);

    public ReportMonth Previous => Of(First.AddMonths(-1));

    private DateTime First => new(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The last whole month before <paramref name="now"/>: the month a run on the 1st reports.</summary>
    public static ReportMonth Before(DateTimeOffset now) => Of(new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1).AddMonths(-1));

    public static ReportMonth Of(DateTime date) => new(date.Year, date.Month);

    public static bool TryParse([NotNullWhen(true)] string? text, out ReportMonth month)
    {
        month = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year < 2000)
        {
            return false;
        }
        month = Of(date);
        return true;
    }

    /// <summary>Whether this month lies from the month of <paramref name="first"/> to the month of <paramref name="last"/>.</summary>
    public bool IsWithin(DateTime first, DateTime last) =>
        string.CompareOrdinal(Key, Of(first).Key) >= 0 && string.CompareOrdinal(Key, Of(last).Key) <= 0;

    /// <summary>Midnight on the 1st to midnight on the 1st of the next month in <paramref name="zone"/>, as UTC instants.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(TimeZoneInfo zone) => (Midnight(First, zone), Midnight(First.AddMonths(1), zone));

    /// <summary>The day of the month (1-based) an instant falls on in <paramref name="zone"/>.</summary>
    public static int DayOf(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).Day;

    public override string ToString() => Key;

    private static DateTimeOffset Midnight(DateTime local, TimeZoneInfo zone) =>
        new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
}

/// <summary>A month offered in a picker: this month so far first, then the ones before it.</summary>
public sealed record MonthChoice(string Key, string Label)
{
    public static IReadOnlyList<MonthChoice> Recent(DateTimeOffset now, int count)
    {
        var month = ReportMonth.Of(now.UtcDateTime);
        var choices = new List<MonthChoice>(count) { new(month.Key, $"{month.Label} (so far)") };
        for (var i = 1; i < count; i++)
        {
            month = month.Previous;
            choices.Add(new MonthChoice(month.Key, month.Label));
        }
        return choices;
    }
}
