using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Platform.Data.Identity;

/// <summary>
/// The last authenticator-app time step each account used, kept as a user token, so that a code is accepted once.
/// Claiming is one conditional update, so two requests racing with the same code cannot both win.
/// </summary>
public sealed class AuthenticatorSteps(IDbContextFactory<PlatformDbContext> factory)
{
    internal const string TokenOwner = "[Platform]";
    internal const string LastStepToken = "AuthenticatorLastStep";

    /// <summary>Records the step as used; false when it, or a later one, already was.</summary>
    public async Task<bool> TryClaimAsync(Guid userId, long step, CancellationToken ct = default)
    {
        // Fixed width, so the stored text orders as the number does on every provider.
        var value = step.ToString("D15", CultureInfo.InvariantCulture);
        await using var db = await factory.CreateDbContextAsync(ct);
        var tokens = db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == TokenOwner && t.Name == LastStepToken);
        if (await tokens.Where(t => string.Compare(t.Value, value) < 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value), ct) == 1)
        {
            return true;
        }
        if (await tokens.AnyAsync(ct))
        {
            return false;
        }
        try
        {
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = userId, LoginProvider = TokenOwner, Name = LastStepToken, Value = value });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // the account's first code, accepted meanwhile by a request racing this one
        }
    }
}
