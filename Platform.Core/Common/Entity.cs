namespace Platform.Core.Common;

/// <summary>Base for domain entities: an ordered, exposable identifier (UUID v7).</summary>
public abstract class Entity
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();
}
