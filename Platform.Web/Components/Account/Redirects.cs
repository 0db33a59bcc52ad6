namespace Platform.Web.Components.Account;

internal static class Redirects
{
    /// <summary>Only same-site paths; anything else becomes the fallback, so links cannot send users away.</summary>
    public static string Local(string? url, string fallback = "/") =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : fallback;

    /// <summary>
    /// Where a completed sign-in goes: the page that asked for it, or, with none (the landing page counts as none: the
    /// sign-in links on it name no page), the person's own portal.
    /// </summary>
    public static string AfterSignIn(string? returnUrl) => Local(returnUrl is "/" ? null : returnUrl, "/portal");
}
