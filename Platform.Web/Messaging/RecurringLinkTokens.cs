using Microsoft.AspNetCore.DataProtection;
using Platform.Core.Giving;

namespace Platform.Web.Messaging;

/// <summary>
/// The tokens in one-click links for monthly gifts: the gift and the action, encrypted and signed by ASP.NET Core data
/// protection with an expiry, so a link cannot be forged, altered or used after it lapses.
/// </summary>
public sealed class RecurringLinkTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(45);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Platform.RecurringGiftLinks.v1").ToTimeLimitedDataProtector();

    public string Create(Guid recurringGiftId, RecurringAction action) =>
        _protector.Protect($"{recurringGiftId:N}|{action}", clock.GetUtcNow().Add(Lifetime));

    /// <summary>The gift and action a token names, or null when it is forged, altered or expired.</summary>
    public (Guid RecurringGiftId, RecurringAction Action)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(token, out var expiration).Split('|');
            return expiration > clock.GetUtcNow() && parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id)
                   && Enum.TryParse<RecurringAction>(parts[1], out var action)
                ? (id, action)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
