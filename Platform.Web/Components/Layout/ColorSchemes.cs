using Platform.Data.Identity;

namespace Platform.Web.Components.Layout;

/// <summary>
/// The colour scheme a page renders with. It is kept on the account and copied into a cookie at sign-in and on
/// every change, so the first byte of every page, static or interactive, already has the right palette.
/// </summary>
public static class ColorSchemes
{
    public const string Cookie = "platform.scheme";

    public static ColorScheme Read(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is { } value && Enum.TryParse<ColorScheme>(value, ignoreCase: true, out var scheme)
            ? scheme
            : ColorScheme.System;

    public static void Write(HttpResponse response, ColorScheme scheme) =>
        response.Cookies.Append(Cookie, scheme.ToString(), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });

    /// <summary>What the toggle offers next: a person who never chose starts from the light palette.</summary>
    public static ColorScheme Next(ColorScheme current, bool showingDark) => showingDark ? ColorScheme.Light : ColorScheme.Dark;
}
