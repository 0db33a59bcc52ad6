using Platform.Core.Access;
using Platform.Core.Messaging;

namespace Platform.Web.Messaging;

public sealed record StaffAlertEmail(string Title, string Details, string Link) : IEmailModel
{
    public string Subject => $"[Platform alert] {Title}";
}

/// <summary>Tells platform administrators by email that something needs a person: a job that failed for good, a broken ledger.</summary>
public sealed class StaffAlerts(StaffMail staff, ILogger<StaffAlerts> logger)
{
    public async Task SendAsync(StaffAlertEmail alert, CancellationToken cancellationToken = default)
    {
        await staff.SendAsync(alert, [], cancellationToken);
        logger.LogWarning("Staff alerted: {Title}", alert.Title);
    }
}
