using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Messaging;
using Platform.Data;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>Passwordless sign-in: a single-use link, valid for 15 minutes, sent by email.</summary>
public sealed class MagicLinkService(
    IDbContextFactory<PlatformDbContext> factory,
    UserManager<PlatformUser> users,
    IMailer mailer,
    IAppLinks links,
    AccountEvents events,
    TimeProvider clock)
{
    /// <summary>Sends a link if the account exists and may sign in; says nothing either way, to not reveal accounts.</summary>
    public async Task RequestAsync(string email, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.EmailConfirmed || await users.IsLockedOutAsync(user))
        {
            return;
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.MagicLinkTokens.Add(new MagicLinkToken { UserId = user.Id, TokenHash = Hash(token), ExpiresAt = clock.GetUtcNow() + MagicLinkToken.Lifetime });
            await db.SaveChangesAsync(ct);
        }
        await mailer.SendAsync(user.Email!, new MagicLinkEmail(links.MagicLink(user.Email!, token), (int)MagicLinkToken.Lifetime.TotalMinutes), ct);
        await events.RecordAsync(AuditActions.MagicLinkSent, user);
    }

    /// <summary>Consumes the token: the user it belongs to, or null when it is unknown, used, expired or for another email.</summary>
    public async Task<PlatformUser?> RedeemAsync(string email, string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.MagicLinkTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null || stored.UsedAt is not null || stored.ExpiresAt <= now)
        {
            return null;
        }
        // Mark used with a conditional update so two clicks racing each other cannot both sign in.
        var claimed = await db.MagicLinkTokens.Where(t => t.Id == stored.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (claimed != 1)
        {
            return null;
        }
        var user = await users.FindByIdAsync(stored.UserId.ToString());
        return user is not null && string.Equals(user.Email, email.Trim(), StringComparison.OrdinalIgnoreCase) ? user : null;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
