namespace Platform.Core.Audit;

/// <summary>Writes security events; entity changes are recorded by the data layer on save.</summary>
public interface IAuditLog
{
    Task RecordAsync(string action, Guid? userId, string? userName, string? detail = null, Guid? organizationId = null,
        CancellationToken cancellationToken = default);
}
