using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;

namespace Platform.Web.PublicPages;

/// <summary>
/// An antiforgery token is bound to the visitor's own cookie, so a page that may be stored and served to other visitors
/// must carry none, and must not set the cookie (a response that sets one is not stored). The forms on the cached
/// pages do not need one: the colour-scheme toggle accepts an anonymous post without a token (it only sets that
/// visitor's own cookie; a signed-in visitor's post still needs one, and their pages are never stored), and the give
/// form submits through the circuit, not as a post. Every other request gets its tokens as before.
/// </summary>
internal sealed class SharedPageAntiforgery(IAntiforgery inner, AntiforgeryOptions options) : IAntiforgery
{
    private readonly AntiforgeryTokenSet _none = new(null, null, options.FormFieldName, options.HeaderName);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        MayBeShared(httpContext) ? _none : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        MayBeShared(httpContext) ? _none : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    private static bool MayBeShared(HttpContext httpContext) =>
        httpContext.Features.Get<IOutputCacheFeature>()?.Context.AllowCacheStorage == true;
}
