using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks; everything is stored in UTC anyway.</summary>
internal sealed class DateTimeOffsetTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
