using Microsoft.AspNetCore.Identity;
using Platform.Core.Audit;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>Security events from the account pages, written to the audit log.</summary>
public sealed class AccountEvents(IAuditLog audit, TimeProvider clock, UserManager<PlatformUser> users)
{
    public Task RecordAsync(string action, PlatformUser? user, string? detail = null, string? attemptedName = null) =>
        audit.RecordAsync(action, user?.Id, user?.Email ?? attemptedName, detail, user?.ActiveOrganizationId);

    /// <summary>Records the outcome of a sign-in attempt, and stamps the last sign-in time on success.</summary>
    public async Task SignInAttemptAsync(SignInResult result, PlatformUser? user, string attemptedName, string method)
    {
        if (result.Succeeded && user is not null)
        {
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            await RecordAsync(AuditActions.SignInSucceeded, user, method);
        }
        else if (result.IsLockedOut)
        {
            await RecordAsync(AuditActions.LockedOut, user, method, attemptedName);
        }
        else if (!result.RequiresTwoFactor)
        {
            await RecordAsync(AuditActions.SignInFailed, user, result.IsNotAllowed ? $"{method}: not allowed (email unconfirmed)" : method, attemptedName);
        }
    }
}
