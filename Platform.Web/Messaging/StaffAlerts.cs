using Microsoft.AspNetCore.Identity;
using Platform.Core.Access;
using Platform.Core.Messaging;
using Platform.Data.Identity;

namespace Platform.Web.Messaging;

public sealed record StaffAlertEmail(string Title, string Details, string Link) : IEmailModel
{
    public string Subject => $"[Platform alert] {Title}";
}

/// <summary>Tells platform administrators by email that something needs a person: a job that failed for good, a broken ledger.</summary>
public sealed class StaffAlerts(UserManager<PlatformUser> users, IMailer mailer, ILogger<StaffAlerts> logger)
{
    public async Task SendAsync(StaffAlertEmail alert, CancellationToken cancellationToken = default)
    {
        var staff = await users.GetUsersInRoleAsync(PlatformRoles.PlatformAdmin);
        foreach (var admin in staff.Where(u => u.Email is not null && u.EmailConfirmed))
        {
            try
            {
                await mailer.SendAsync(admin.Email!, alert, cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Alert \"{Title}\" could not be sent to {Email}", alert.Title, admin.Email);
            }
        }
        logger.LogWarning("Staff alerted: {Title}", alert.Title);
    }
}
