using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>A page served from the cache to a second visitor still starts its circuit and does all it did.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPageCacheFlowTests(LiveApp app)
{
    [Fact]
    public async Task AGuestServedTheCachedGivePageGivesThroughItsCircuitAndSwitchesToDark()
    {
        var first = await app.NewPageAsync();
        await first.GotoAsync("/charities");
        await first.WaitForCircuitAsync();
        await first.GetByRole(AriaRole.Link, new() { Name = "School kits" }).First.ClickAsync();
        await first.ExpectHeadingAsync("School kits");
        await first.GetByRole(AriaRole.Link, new() { Name = "Give to this program" }).ClickAsync();
        await first.GetByRole(AriaRole.Heading, new() { Name = "Give to School kits" }).WaitForAsync();
        var give = first.Url;
        await first.GotoAsync(give); // a full load; the link above was an enhanced navigation, stored apart

        var guest = await app.NewPageAsync();
        var response = await guest.GotoAsync(give);
        (await response!.HeaderValueAsync("age")).ShouldNotBeNull(); // the stored page, rendered for the first visitor
        await guest.WaitForCircuitAsync();
        await guest.GetByRole(AriaRole.Button, new() { Name = "$50.00" }).ClickAsync();
        await guest.GetByRole(AriaRole.Textbox, new() { Name = "Your name" }).FillAsync("Cached Guest");
        await guest.GetByLabel("Email", new() { Exact = true }).FillAsync("cached.guest@example.test");
        await guest.GetByLabel("Postal address").FillAsync("1 Cache Lane");
        await guest.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await guest.GetByLabel("Expiry month").FillAsync("12");
        await guest.GetByLabel("Expiry year").FillAsync("2030");
        await guest.GetByLabel("Security code").FillAsync("123");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Give $50.00" }).ClickAsync();
        await guest.ExpectThanksAsync();

        // The toggle on a cached page carries no token and still works for a visitor.
        await guest.GotoAsync("/charities");
        await guest.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(guest.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await guest.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "cached-charities-dark.png") });
    }
}
