using System.Globalization;

namespace Platform.Web.Jobs;

/// <summary>
/// Five-field cron (minute hour day-of-month month day-of-week, as Hangfire reads it) in words, for the common shapes
/// the dashboard offers; others read as "Custom schedule". Also turns the six- and seven-field crons (seconds first) older
/// settings hold into five fields.
/// </summary>
public static class CronText
{
    private static readonly string[] MonthKeys = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayKeys = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string Describe(string cron)
    {
        var f = ToFiveFields(cron).ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5)
        {
            return "Custom schedule";
        }
        var (minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4]);
        if (hour == "*" && IsAny(day) && month == "*" && IsAny(weekday))
        {
            if (minute == "*")
            {
                return "Every minute";
            }
            if ((minute.StartsWith("*/", StringComparison.Ordinal) || minute.StartsWith("0/", StringComparison.Ordinal)) && int.TryParse(minute[2..], out var every))
            {
                return $"Every {every} minutes";
            }
        }
        if (!int.TryParse(minute, out var m) || !int.TryParse(hour, out var h) || m is < 0 or > 59 || h is < 0 or > 23)
        {
            return "Custom schedule";
        }
        var at = $"at {h:00}:{m:00}";
        if (IsAny(day) && month == "*" && IsAny(weekday))
        {
            return $"Every day {at}";
        }
        if (IsAny(day) && month == "*" && Weekday(weekday) is { } dayName)
        {
            return $"Every {dayName} {at}";
        }
        if (int.TryParse(day, out var d) && IsAny(weekday))
        {
            if (month == "*")
            {
                return $"On day {d} of every month {at}";
            }
            if (Month(month) is { } monthName)
            {
                return $"Every year on {d} {monthName} {at}";
            }
        }
        return "Custom schedule";
    }

    /// <summary>
    /// A six- or seven-field cron (seconds first, "?" for "any", day-of-week 1-7 from Sunday, an optional year) as five fields; a
    /// five-field cron comes back as it is. Seconds other than 0, or a year other than "*", are left for the caller to
    /// refuse (the result then keeps six or seven fields).
    /// </summary>
    public static string ToFiveFields(string cron)
    {
        var f = (cron ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 6 or > 7 || f[0] != "0" || (f.Length == 7 && f[6] != "*"))
        {
            return string.Join(' ', f);
        }
        var weekday = f[5] == "?" ? "*" : string.Join(',', f[5].Split(',').Select(SevenFieldWeekday));
        return string.Join(' ', f[1], f[2], f[3] == "?" ? "*" : f[3], f[4], weekday);
    }

    // Six- and seven-field crons count days of the week 1 (Sunday) to 7; five-field cron 0 (Sunday) to 6.
    private static string SevenFieldWeekday(string part) =>
        string.Join('-', part.Split('-').Select(p => int.TryParse(p, out var n) && n is >= 1 and <= 7 ? (n - 1).ToString(CultureInfo.InvariantCulture) : p));

    private static bool IsAny(string field) => field is "*" or "?";

    private static string? Weekday(string field)
    {
        var index = Array.IndexOf(DayKeys, field);
        if (index < 0 && int.TryParse(field, out var n) && n is >= 0 and <= 7)
        {
            index = n % 7;
        }
        return index < 0 ? null : CultureInfo.InvariantCulture.DateTimeFormat.DayNames[index];
    }

    private static string? Month(string field)
    {
        var index = Array.IndexOf(MonthKeys, field);
        if (index < 0 && int.TryParse(field, out var n) && n is >= 1 and <= 12)
        {
            index = n - 1;
        }
        return index < 0 ? null : CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[index];
    }
}
