using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>Identity's sign-in manager, with a sign-in by emailed link that asks for the second factor as a password does.</summary>
public sealed class PlatformSignInManager(
    UserManager<PlatformUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PlatformUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PlatformUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PlatformUser> confirmation)
    : SignInManager<PlatformUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string MagicLinkMethod = "magic-link";

    /// <summary>
    /// Signs in the owner of a redeemed link. An emailed link stands in for the password only: an account with
    /// two-factor on gets the two-factor cookie and <see cref="SignInResult.TwoFactorRequired"/>, as after a password.
    /// </summary>
    public async Task<SignInResult> MagicLinkSignInAsync(PlatformUser user)
    {
        if (await PreSignInCheck(user) is { } refused)
        {
            return refused;
        }
        return await SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: MagicLinkMethod);
    }

    /// <summary>Every completed sign-in, by any method: the page then renders in the colour scheme kept on the account.</summary>
    public override async Task SignInWithClaimsAsync(PlatformUser user, AuthenticationProperties? authenticationProperties,
        IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        if (!Context.Response.HasStarted)
        {
            Components.Layout.ColorSchemes.Write(Context.Response, user.ColorScheme);
        }
    }
}
