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
}
