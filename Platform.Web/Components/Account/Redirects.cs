namespace Platform.Web.Components.Account;

internal static class Redirects
{
    /// <summary>Only same-site paths; anything else becomes the fallback, so links cannot send users away.</summary>
    public static string Local(string? url, string fallback = "/") =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : fallback;
}
