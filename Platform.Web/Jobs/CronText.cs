using System.Globalization;

namespace Platform.Web.Jobs;

/// <summary>A Quartz cron expression in words, for the common shapes the dashboard offers; others read as "Custom schedule".</summary>
public static class CronText
{
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] MonthKeys = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayKeys = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string Describe(string cron)
    {
        var f = cron.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 6 or > 7 || (f.Length == 7 && f[6] != "*"))
        {
            return "Custom schedule";
        }
        var (second, minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        if (second == "0" && minute.StartsWith("0/", StringComparison.Ordinal) && hour == "*" && IsAny(day) && month == "*" && IsAny(weekday))
        {
            return $"Every {minute[2..]} minutes";
        }
        if (second != "0" || !int.TryParse(minute, out var m) || !int.TryParse(hour, out var h) || m is < 0 or > 59 || h is < 0 or > 23)
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

    private static bool IsAny(string field) => field is "*" or "?";

    private static string? Weekday(string field)
    {
        var index = Array.IndexOf(DayKeys, field);
        if (index < 0 && int.TryParse(field, out var n) && n is >= 1 and <= 7)
        {
            index = n - 1;
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
        return index < 0 ? null : Months[index];
    }
}
