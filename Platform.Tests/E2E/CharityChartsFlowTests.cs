using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>A charity's two charts, drawn as static SVG: the months' gifts on its dashboard and the journeys by stage.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CharityChartsFlowTests(LiveApp app)
{
    [Fact]
    public async Task TheOwnerSeesTheMonthsGiftsAndTheJourneysByStageAsBarsWithTheirFiguresInWords()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.SignInAsync("owner@openhands.test", returnUrl: "/merchant");
        await page.WaitForCircuitAsync();

        var months = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Given by month: ") });
        await Expect(months).ToBeVisibleAsync();
        await Expect(months.Locator("svg rect")).ToHaveCountAsync(await MonthsNamedAsync(months));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-charity-dashboard-chart.png") });

        await page.OpenPortalAsync("/merchant/journeys");
        var stages = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Gifts by journey stage: ") });
        await Expect(stages).ToBeVisibleAsync();
        var description = (await stages.GetAttributeAsync("aria-label"))!;
        var bars = stages.Locator("svg rect");
        await Expect(bars).ToHaveCountAsync(description.Split(", ").Length);
        // The first stage's bar is titled with its figure, as the description gives it.
        var first = description["Gifts by journey stage: ".Length..].Split(", ")[0];
        var (label, count) = (first[..first.LastIndexOf(' ')], first[(first.LastIndexOf(' ') + 1)..]);
        await Expect(bars.First.Locator("title")).ToHaveTextAsync($"{label}: {count}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Move R-") }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-journeys-chart-dark.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync(); // the account's scheme, as found
        await page.Context.CloseAsync();
    }

    private static async Task<int> MonthsNamedAsync(ILocator chart) =>
        (await chart.GetAttributeAsync("aria-label"))!["Given by month: ".Length..].Split(", ").Length;
}
