using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Identity;

namespace Platform.Tests.Web;

/// <summary>Accounts made for a test: confirmed, with a password, and two-factor on with a known authenticator key.</summary>
public static class TwoFactorAccounts
{
    public const string Password = "Str0ng!passphrase";

    public static async Task<(string Email, string Key)> CreateWithTwoFactorAsync(this IServiceProvider services, string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.test";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = prefix, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, Password)).Succeeded.ShouldBeTrue();
        await users.ResetAuthenticatorKeyAsync(user);
        (await users.SetTwoFactorEnabledAsync(user, true)).Succeeded.ShouldBeTrue();
        return (email, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    /// <summary>Posts the two-factor page's form, as the browser holding the two-factor cookie would.</summary>
    public static Task<HttpResponseMessage> EnterCodeAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/Account/LoginWith2fa?returnUrl=%2Fdonor", "/Account/LoginWith2fa?returnUrl=%2Fdonor", new()
        {
            ["_handler"] = "login-2fa",
            ["Input.Code"] = code,
            ["ReturnUrl"] = "/donor",
            ["RememberMe"] = "False",
        });
}
