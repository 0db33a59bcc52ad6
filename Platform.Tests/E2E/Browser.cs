using Microsoft.Playwright;

namespace Platform.Tests.E2E;

/// <summary>What a person does in the browser, in the app's own words.</summary>
public static class Browser
{
    public const string DemoPassword = "Demo!pass1";

    public static async Task SignInAsync(this IPage page, string email, string password = DemoPassword, string returnUrl = "/")
    {
        await page.GotoAsync($"/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Opens an interactive page and waits until its circuit is live.</summary>
    public static async Task OpenPortalAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
    }

    /// <summary>Waits until the page's main area says its circuit is live (portal and public layouts both mark it).</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("main[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static Task ExpectHeadingAsync(this IPage page, string text) =>
        Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = text, Level = 1 })).ToBeVisibleAsync();

    /// <summary>
    /// Waits for the thank-you page to say the gift is confirmed. The gateway confirms through its webhook, which it tries
    /// again after 200 ms and after 1 s while the app answers with an error, so on a busy machine this takes seconds.
    /// </summary>
    public static Task ExpectThanksAsync(this IPage page) =>
        Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you!" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
}
