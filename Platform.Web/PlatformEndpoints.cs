using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Tenancy;
using Platform.Data.Identity;
using Platform.Web.Components.Account;
using Platform.Web.Components.Layout;
using Platform.Web.Identity;
using Platform.Web.Messaging;
using Platform.Web.Payments;
using Platform.Web.Security;

namespace Platform.Web;

/// <summary>Plain HTTP endpoints: those that change the sign-in cookie, and file downloads.</summary>
public static class PlatformEndpoints
{
    public static IEndpointRouteBuilder MapPlatformEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");

        account.MapPost("/Logout", async (SignInManager<PlatformUser> signIn, AccountEvents events, ClaimsPrincipal user,
            [FromForm] string? returnUrl) =>
        {
            var current = await signIn.UserManager.GetUserAsync(user);
            // A new security stamp ends every session of the account, not just this cookie: a copy of it taken
            // earlier is refused from the next check on. Staff leaving an impersonation do not sign the user out.
            if (current is not null && !Impersonation.IsImpersonating(user))
            {
                await signIn.UserManager.UpdateSecurityStampAsync(current);
            }
            await signIn.SignOutAsync();
            await events.RecordAsync(AuditActions.SignedOut, current);
            return TypedResults.LocalRedirect(Redirects.Local(returnUrl, "/"));
        }).RequireAntiforgeryToken();

        account.MapPost("/SwitchOrganization", async (SignInManager<PlatformUser> signIn, MembershipDirectory memberships,
            AccountEvents events, ClaimsPrincipal principal, [FromForm] Guid organizationId, [FromForm] string? returnUrl) =>
        {
            var user = await signIn.UserManager.GetUserAsync(principal);
            if (user is null)
            {
                return Results.Unauthorized();
            }
            var mine = await memberships.ForUserAsync(user.Id);
            if (mine.All(m => m.OrganizationId != organizationId))
            {
                return Results.Forbid();
            }
            user.ActiveOrganizationId = organizationId;
            await signIn.UserManager.UpdateAsync(user);
            await signIn.RefreshKeepingImpersonationAsync(user, principal);
            await events.RecordAsync(AuditActions.OrganizationSwitched, user, organizationId.ToString());
            return Results.LocalRedirect(Redirects.Local(returnUrl, "/merchant"));
        }).RequireAuthorization().RequireAntiforgeryToken();

        // The light/dark toggle of every layout: kept on the account when signed in, and in a cookie for the page's first render.
        account.MapPost("/ColorScheme", async (UserManager<PlatformUser> users, ClaimsPrincipal principal, HttpResponse response,
            [FromForm(Name = "scheme")] string? value, [FromForm] string? returnUrl) =>
        {
            if (!Enum.TryParse<ColorScheme>(value, ignoreCase: true, out var scheme) || !Enum.IsDefined(scheme) || int.TryParse(value, out _))
            {
                return Results.BadRequest("Choose Light, Dark or System.");
            }
            if (principal.Identity?.IsAuthenticated == true && !Impersonation.IsImpersonating(principal)
                && await users.GetUserAsync(principal) is { } user && user.ColorScheme != scheme)
            {
                user.ColorScheme = scheme;
                await users.UpdateAsync(user);
            }
            ColorSchemes.Write(response, scheme);
            return Results.LocalRedirect(Redirects.Local(returnUrl, "/"));
        }).RequireAntiforgeryTokenWhenSignedIn();

        // WebAuthn options for the passkey buttons on the account pages (wwwroot/js/passkeys.js), which post their
        // form here so the antiforgery token is checked; the ceremony's state goes back in a short-lived cookie.
        account.MapPost("/Passkey/CreationOptions", async (PasskeyAccount passkeys, UserManager<PlatformUser> users,
            ClaimsPrincipal principal, [FromForm(Name = "Input.Name")] string? name) =>
        {
            if (Impersonation.IsImpersonating(principal) || await users.GetUserAsync(principal) is not { } user)
            {
                return Results.Forbid();
            }
            var allowed = await passkeys.CanAddAsync(user, name);
            return allowed.Succeeded
                ? Results.Content(await passkeys.CreationOptionsAsync(user), "application/json")
                : Results.BadRequest(new { error = allowed.Summary });
        }).RequireAuthorization().RequireAntiforgeryToken();

        account.MapPost("/Passkey/RequestOptions", async (PasskeyAccount passkeys) =>
            Results.Content(await passkeys.RequestOptionsAsync(), "application/json"))
            .RequireAntiforgeryToken();

        ExternalSignIn.Map(account);

        account.MapGet("/MagicLink/Verify", async (string email, string token, MagicLinkService magicLinks,
            PlatformSignInManager signIn, AccountEvents events) =>
        {
            var user = await magicLinks.RedeemAsync(email, token);
            if (user is null)
            {
                await events.RecordAsync(AuditActions.SignInFailed, null, "magic link: invalid, used or expired", email);
                return Results.LocalRedirect("/Account/MagicLink?status=invalid");
            }
            var result = await signIn.MagicLinkSignInAsync(user);
            await events.SignInAttemptAsync(result, user, email, "magic link");
            return Results.LocalRedirect(result switch
            {
                { Succeeded: true } => Redirects.AfterSignIn(null),
                { RequiresTwoFactor: true } => "/Account/LoginWith2fa?returnUrl=%2F",
                { IsLockedOut: true } => "/Account/Lockout",
                _ => "/Account/MagicLink?status=invalid",
            });
        });

        endpoints.MapGet("/admin/outbox/{id}/download", (string id, Outbox outbox) =>
            outbox.PathOf(id) is { } path ? Results.File(path, "message/rfc822", id) : Results.NotFound())
            .RequireAuthorization(PortalPolicies.Admin);

        // A message body is content the app did not author for this page: it runs with no script, no forms, no origin.
        endpoints.MapGet("/admin/outbox/{id}/body", (string id, Outbox outbox, HttpResponse response) =>
        {
            if (outbox.HtmlBody(id) is not { } html)
            {
                return Results.NotFound();
            }
            response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; frame-ancestors 'self'";
            response.Headers.XContentTypeOptions = "nosniff";
            return Results.Content(html, "text/html");
        }).RequireAuthorization(PortalPolicies.Admin);

        endpoints.MapImpersonation();
        endpoints.MapPortalLanding();
        endpoints.MapGatewayWebhook();
        endpoints.MapDownloads();
        endpoints.MapGet("/admin/backups/{name}", (string name, Platform.Data.Backups.BackupService backups) =>
            backups.PathOf(name) is { } path ? Results.File(path, "application/octet-stream", name) : Results.NotFound())
            .RequireAuthorization(PortalPolicies.Admin);
        return endpoints;
    }
}
