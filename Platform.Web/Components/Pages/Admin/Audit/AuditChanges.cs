using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Platform.Core.Common;

namespace Platform.Web.Components.Pages.Admin.Audit;

/// <summary>
/// An audit entry's changes as people read them. Entries written before enums were stored by name hold their numbers
/// ("Status": 2); the entity's own property type turns them back into names, so the log reads "Succeeded" either way.
/// Dates are shown in UTC and say so.
/// </summary>
public static class AuditChanges
{
    private static readonly Assembly[] Models = [typeof(Entity).Assembly, typeof(Platform.Data.PlatformDbContext).Assembly];
    private static readonly ConcurrentDictionary<(string Entity, string Property), Type?> EnumTypes = new();

    public sealed record Change(string Property, string Old, string New);

    public static IReadOnlyList<Change> Of(string? entityType, string? json)
    {
        if (json is not { Length: > 2 })
        {
            return [];
        }
        try
        {
            return JsonDocument.Parse(json).RootElement.EnumerateObject()
                .Select(p => new Change(p.Name, Text(entityType, p.Name, p.Value, "old"), Text(entityType, p.Name, p.Value, "new")))
                .ToList();
        }
        catch (JsonException)
        {
            return [new Change("(unreadable)", "—", json)];
        }
    }

    private static string Text(string? entityType, string property, JsonElement change, string side)
    {
        if (!change.TryGetProperty(side, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return "—";
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && EnumOf(entityType, property) is { } enumType)
        {
            return StatusNames.Of((Enum)Enum.ToObject(enumType, number));
        }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: >= 19 } text && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime().ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        }
        if (value.ValueKind == JsonValueKind.String && EnumOf(entityType, property) is { } named
            && Enum.TryParse(named, value.GetString(), out var parsed))
        {
            return StatusNames.Of((Enum)parsed!);
        }
        return value.ToString();
    }

    private static Type? EnumOf(string? entityType, string property) => entityType is null ? null : EnumTypes.GetOrAdd((entityType, property), key =>
    {
        var type = Models.SelectMany(SafeTypes).FirstOrDefault(t => t.Name == key.Entity && t.IsClass);
        var propertyType = type?.GetProperty(key.Property, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.PropertyType;
        propertyType = propertyType is null ? null : Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        return propertyType is { IsEnum: true } ? propertyType : null;
    });

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
