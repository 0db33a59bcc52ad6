using Microsoft.Extensions.Logging;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;

namespace Platform.Core.Access;

/// <summary>Emails platform administrators (confirmed addresses): alerts, the platform report. An address that fails is logged, not fatal.</summary>
public sealed class StaffMail(IUserDirectory users, IMailer mailer, ILogger<StaffMail> logger)
{
    public async Task SendAsync<TModel>(TModel email, IReadOnlyList<EmailAttachment> attachments, CancellationToken ct = default)
        where TModel : IEmailModel
    {
        foreach (var admin in (await users.InRoleAsync(PlatformRoles.PlatformAdmin, ct)).Where(u => u.EmailConfirmed))
        {
            try
            {
                await mailer.SendAsync(admin.Email, email, attachments, ct);
            }
            catch (Exception e)
            {
                logger.LogError(e, "\"{Subject}\" could not be emailed to {Email}", email.Subject, admin.Email);
            }
        }
    }
}
