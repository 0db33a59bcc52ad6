using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Core.Audit;
using Platform.Data.Identity;
using Platform.Web.Components.Account;
using Platform.Web.Security;

namespace Platform.Web.Identity;

/// <summary>
/// Signing in with Google. Offered only when <c>Authentication:Google:ClientId</c> and <c>ClientSecret</c> are set. The
/// first sign-in links the Google account to the platform account with the same address, or creates one, but only when
/// Google says it has verified that address: an unverified one would let anyone claim someone else's account. Google
/// stands in for the password only: an account with two-factor on is still asked for its code.
/// </summary>
public sealed class ExternalSignIn(
    PlatformSignInManager signIn,
    UserManager<PlatformUser> users,
    AccountEvents events,
    TimeProvider clock,
    IHttpContextAccessor http)
{
    public const string Section = "Authentication:Google";
    public const string EmailVerifiedClaim = "email_verified";

    public static AuthenticationBuilder AddPlatformGoogleSignIn(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        if (configuration[$"{Section}:ClientId"] is not { Length: > 0 } clientId
            || configuration[$"{Section}:ClientSecret"] is not { Length: > 0 } clientSecret)
        {
            return authentication;
        }
        return authentication.AddGoogle(o =>
        {
            o.ClientId = clientId;
            o.ClientSecret = clientSecret;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.ClaimActions.MapCustomJson(EmailVerifiedClaim, user =>
                user.TryGetProperty("email_verified", out var verified)
                && (verified.ValueKind == JsonValueKind.True || verified.ToString().Equals("true", StringComparison.OrdinalIgnoreCase))
                    ? "true" : "false");
            // The person cancelled at Google, or Google answered with an error: back to the sign-in page, not an error page.
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect(LoginWith("Signing in with Google did not finish. Try again, or sign in another way."));
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static void Map(RouteGroupBuilder account)
    {
        account.MapPost("/ExternalLogin", async ([FromForm] string provider, [FromForm] string? returnUrl,
            SignInManager<PlatformUser> signIn, IAuthenticationSchemeProvider schemes) =>
        {
            if (provider != GoogleDefaults.AuthenticationScheme || await schemes.GetSchemeAsync(provider) is null)
            {
                return Results.BadRequest(new { error = "That sign-in provider is not offered here." });
            }
            var callback = $"/Account/ExternalLogin/Callback?returnUrl={Uri.EscapeDataString(Redirects.Local(returnUrl))}";
            return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(provider, callback), [provider]);
        }).RequireAntiforgeryToken();

        account.MapGet("/ExternalLogin/Callback", async (string? returnUrl, ExternalSignIn external) =>
            Results.LocalRedirect(await external.CompleteAsync(Redirects.Local(returnUrl))));
    }

    /// <summary>Finishes the sign-in Google handed back; answers where the browser goes next.</summary>
    public async Task<string> CompleteAsync(string returnUrl)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return LoginWith("Signing in with Google did not finish. Try again, or sign in another way.");
        }
        var method = info.ProviderDisplayName ?? info.LoginProvider;
        var email = info.Principal.FindFirstValue(ClaimTypes.Email);
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (result is { Succeeded: false, RequiresTwoFactor: false, IsLockedOut: false, IsNotAllowed: false })
        {
            // Not linked yet: only an address Google has verified may be matched to an account or given one.
            if (email is null || info.Principal.FindFirstValue(EmailVerifiedClaim) != "true")
            {
                await Forget();
                await events.RecordAsync(AuditActions.SignInFailed, null, $"{method}: email not verified", email);
                return LoginWith("Google has not verified that email address, so it cannot sign you in. Verify it with Google, or sign in another way.");
            }
            var linked = await LinkAsync(info, email, method);
            if (linked is not null)
            {
                await Forget();
                await events.RecordAsync(AuditActions.SignInFailed, null, $"{method}: {linked}", email);
                return LoginWith("Signing in with Google did not work. Sign in another way.");
            }
            result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        }
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        await events.SignInAttemptAsync(result, user, email ?? "", method);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await Forget();
        }
        return result switch
        {
            { Succeeded: true } => returnUrl,
            { RequiresTwoFactor: true } => $"/Account/LoginWith2fa?returnUrl={Uri.EscapeDataString(returnUrl)}",
            { IsLockedOut: true } => "/Account/Lockout",
            { IsNotAllowed: true } => LoginWith("Confirm your email address first: follow the link in the email we sent you."),
            _ => LoginWith("Signing in with Google did not work. Sign in another way."),
        };
    }

    // Links the Google account to the account with its verified address, creating that account when there is none.
    // Answers why it could not, or null.
    private async Task<string?> LinkAsync(ExternalLoginInfo info, string email, string method)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var name = info.Principal.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } given ? given : email;
            user = new PlatformUser
            {
                UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow(),
                DisplayName = name.Length > PlatformUser.DisplayNameMaxLength ? name[..PlatformUser.DisplayNameMaxLength] : name,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return string.Join(" ", created.Errors.Select(e => e.Description));
            }
            await events.RecordAsync(AuditActions.Registered, user, method);
        }
        else if (!user.EmailConfirmed)
        {
            // Google has verified the address: that is the confirmation the emailed link asks for.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            await events.RecordAsync(AuditActions.EmailConfirmed, user, method);
        }
        var added = await users.AddLoginAsync(user, info);
        if (!added.Succeeded)
        {
            return string.Join(" ", added.Errors.Select(e => e.Description));
        }
        await events.RecordAsync(AuditActions.ExternalLoginLinked, user, method);
        return null;
    }

    private Task Forget() => http.HttpContext!.SignOutAsync(IdentityConstants.ExternalScheme);

    private static string LoginWith(string message) => $"/Account/Login?Message={Uri.EscapeDataString(message)}";
}
