namespace Platform.Core.Common;

public static class TimeZones
{
    /// <summary>The zone with this IANA id; UTC when the id is empty or unknown on this machine.</summary>
    public static TimeZoneInfo Find(string? id) => TimeZoneInfo.TryFindSystemTimeZoneById(id ?? "", out var zone) ? zone : TimeZoneInfo.Utc;
}
