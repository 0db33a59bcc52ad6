namespace Platform.Web.Security;

/// <summary>
/// Headers on every response. The policy allows what Blazor Server and our pages need and nothing broader: scripts
/// only from this site (blazor.web.js, MudBlazor's script, passkeys.js, forms.js; no inline script or handler), the
/// circuit's WebSocket to this site, inline styles (Blazor and MudBlazor set style attributes; the theme is a style element), images from this site
/// and data: URLs (charts, previews), fonts from this site; pages may be framed only by this site.
/// A response that sets its own policy (an email body shown sandboxed) keeps it.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-get=(self), publickey-credentials-create=(self)";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.TryAdd("Permissions-Policy", PermissionsPolicy);
            headers.TryAdd("X-Frame-Options", "SAMEORIGIN");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
