namespace Platform.Core.Audit;

/// <summary>Filters for the audit log page.</summary>
public sealed record AuditQuery(
    Guid? OrganizationId = null,
    string? User = null,
    string? Action = null,
    string? EntityType = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
