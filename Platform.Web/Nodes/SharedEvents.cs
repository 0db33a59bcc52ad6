using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Core.Common;

namespace Platform.Web.Nodes;

/// <summary>
/// The events that travel between nodes, by the name each travels under (<see cref="SharedEventAttribute"/>), and their
/// envelope on the wire: <c>{"node":…,"type":…,"event":{…}}</c>. Only a named type is ever read back, so a message cannot
/// make a node build a type of the sender's choosing.
/// </summary>
public sealed class SharedEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A message missing a field is malformed, not an event about Guid.Empty.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    public SharedEvents(params Assembly[] assemblies)
    {
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetCustomAttribute<SharedEventAttribute>() is not { } shared)
            {
                continue;
            }
            if (!_types.TryAdd(shared.Name, type))
            {
                throw new InvalidOperationException($"Two events travel as '{shared.Name}': {_types[shared.Name]} and {type}.");
            }
            _names[type] = shared.Name;
        }
    }

    public IReadOnlyCollection<string> Names => _types.Keys;

    /// <summary>The message for an event, or null when its type stays on the node it was published on.</summary>
    public string? Write(string node, Type type, object @event) => _names.TryGetValue(type, out var name)
        ? JsonSerializer.Serialize(new Envelope(node, name, JsonSerializer.SerializeToElement(@event, type, Json)), Json)
        : null;

    /// <summary>Reads a message; false, with why, for anything that is not a whole event of a known type. Never throws.</summary>
    public bool TryRead(string message, out Received received, out string? problem)
    {
        received = default;
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message, Json);
            if (envelope is null || string.IsNullOrEmpty(envelope.Node) || string.IsNullOrEmpty(envelope.Type))
            {
                problem = "it is not an event envelope";
                return false;
            }
            if (!_types.TryGetValue(envelope.Type, out var type))
            {
                problem = $"no event travels as '{envelope.Type}'";
                return false;
            }
            if (envelope.Event.Deserialize(type, Json) is not { } @event)
            {
                problem = $"its '{envelope.Type}' is empty";
                return false;
            }
            received = new Received(envelope.Node, type, @event);
            problem = null;
            return true;
        }
        catch (Exception e)
        {
            problem = e.Message;
            return false;
        }
    }

    public readonly record struct Received(string Node, Type Type, object Event);

    private sealed record Envelope(string Node, string Type, JsonElement Event);
}
