using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Data;
using Platform.Core.Messaging;

namespace Platform.Core.Tenancy;

/// <summary>Emails the owners (confirmed addresses) of the organization <paramref name="db"/> acts for; an address that fails is logged, not fatal.</summary>
public sealed class OwnerMail(IUserDirectory users, IMailer mailer, ILogger<OwnerMail> logger)
{
    public async Task SendAsync<TModel>(IPlatformDb db, TModel email, IReadOnlyList<EmailAttachment> attachments, CancellationToken ct = default)
        where TModel : IEmailModel
    {
        var owners = await db.Memberships.AsNoTracking().Where(m => m.Role == MembershipRole.Owner).Select(m => m.UserId).ToListAsync(ct);
        foreach (var owner in (await users.GetAsync(owners, ct)).Values.Where(u => u.EmailConfirmed))
        {
            try
            {
                await mailer.SendAsync(owner.Email, email, attachments, ct);
            }
            catch (Exception e)
            {
                logger.LogError(e, "\"{Subject}\" could not be emailed to {Email}", email.Subject, owner.Email);
            }
        }
    }
}
