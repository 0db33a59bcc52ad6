using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Core.Giving;
using Platform.Web.Components.Layout;

namespace Platform.Web.PublicPages;

/// <summary>
/// The public pages built from the catalogue are the same for every anonymous visitor, so each is rendered once per
/// variant and served from memory until the catalogue changes. A variant is what the first byte depends on: the
/// colour-scheme cookie, the full address (path and query), whether it is an enhanced navigation, and the catalogue's
/// version, so a page rendered from the catalogue before a change is never served after it. A signed-in visitor, a
/// response that sets a cookie or is not a 200 is never stored (the output cache's default policy); the pages carry
/// no antiforgery token when they may be stored (<see cref="SharedPageAntiforgery"/>).
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";
    public const string Tag = "public-catalogue";

    /// <summary>
    /// How long a page is kept without a change: as long as the catalogue itself keeps what has no event (a refund, a
    /// change on another node). It must also stay well under the five minutes an interactive page's component
    /// descriptors are valid for, or a page served from the cache could no longer start its circuit.
    /// </summary>
    public static readonly TimeSpan Lifetime = PublicCatalogue.Freshness;

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(o => o.AddPolicy(Policy, p => p
            .Expire(Lifetime)
            .Tag(Tag)
            .VaryByValue(c => new("scheme", ColorSchemes.Read(c).ToString()))
            .VaryByValue(c => new("enhanced", IsEnhancedNavigation(c.Request) ? "1" : "0"))
            .VaryByValue(c => new("catalogue", c.RequestServices.GetRequiredService<PublicCatalogue>().Version.ToString()))));
        services.AddAntiforgery();
        var antiforgery = services.Last(d => d.ServiceType == typeof(IAntiforgery)).ImplementationType
            ?? throw new InvalidOperationException("The antiforgery service is registered by a factory; decorate that instead.");
        services.Replace(ServiceDescriptor.Singleton<IAntiforgery>(sp => new SharedPageAntiforgery(
            (IAntiforgery)ActivatorUtilities.CreateInstance(sp, antiforgery),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>().Value)));
        services.AddHostedService<PublicPageEviction>();
        return services;
    }

    /// <summary>After authentication, so a signed-in visitor is known and never served the anonymous page.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app) => app.UseOutputCache();

    // blazor.web.js asks for the next page with this in Accept; the answer may be framed differently from a full load.
    private static bool IsEnhancedNavigation(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("blazor-enhanced-nav=on", StringComparison.Ordinal);
}
