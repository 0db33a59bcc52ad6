using Microsoft.AspNetCore.Identity;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>Staff end every session of an account (a lost laptop, a shared password): each cookie and open circuit.</summary>
public sealed class AccountSessions(IServiceScopeFactory scopes, IAuditLog audit)
{
    /// <summary>Changes the account's security stamp, which every sign-in cookie carries; the audit entry names the staff member.</summary>
    public async Task<Result> RevokeAllAsync(Guid userId)
    {
        // Its own scope: the admin page lives in a circuit, whose scope must not hold a user store's context.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        if (await users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return Result.Fail("That account no longer exists.");
        }
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            return Result.Fail(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }
        await audit.RecordAsync(AuditActions.SessionsRevoked, null, null, $"for {user.Email}", user.ActiveOrganizationId);
        return Result.Ok;
    }
}
