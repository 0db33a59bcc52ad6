namespace Platform.Core.Common;

/// <summary>Carries events published on this node to the other nodes of a deployment (Redis pub/sub in the host).</summary>
public interface IEventRelay
{
    /// <summary>Sends the event on if its type is one that travels (<see cref="SharedEventAttribute"/>); others stay local.</summary>
    Task RelayAsync(Type type, object @event);
}

/// <summary>
/// Marks an event that open pages on other nodes care about, with the name it travels under. The name, not the CLR type,
/// is what goes on the wire: renaming or moving the record must keep it, and a node accepts no type it was not told of.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SharedEventAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
