using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Web.Security;

/// <summary>
/// The antiforgery check for the plain POST endpoints (sign-out, organization switch, impersonation, passkey
/// ceremonies). The framework's own check only runs for endpoints that bind a form, and then fails while binding
/// with an exception (a 500); this one runs for every endpoint it is put on and answers 400 with a message.
/// </summary>
public static class AntiforgeryCheck
{
    public const string Refused = "This form has expired or did not come from this site. Reload the page and try again.";

    public static TBuilder RequireAntiforgeryToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .DisableAntiforgery() // the check below replaces the framework's, so binding the form cannot throw first
            .AddEndpointFilter(async (context, next) =>
            {
                var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
                return await antiforgery.IsRequestValidAsync(context.HttpContext)
                    ? await next(context)
                    : Results.BadRequest(new { error = Refused });
            });

    /// <summary>
    /// The check for a post that changes something of a signed-in person's only: an anonymous visitor's post changes
    /// nothing but that visitor's own cookies, which a forged post could set as easily by linking a page, so it needs no
    /// token, and the public pages that carry its form can be cached for every visitor alike.
    /// </summary>
    public static TBuilder RequireAntiforgeryTokenWhenSignedIn<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                if (http.User.Identity?.IsAuthenticated != true)
                {
                    return await next(context);
                }
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                return await antiforgery.IsRequestValidAsync(http)
                    ? await next(context)
                    : Results.BadRequest(new { error = Refused });
            });
}
