using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>
/// A charity's two charts, drawn as static SVG (the months' gifts on its dashboard, the journeys by stage), and the table of
/// active journeys under the second.
/// </summary>
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
        await Expect(months.Locator("svg rect")).ToHaveCountAsync((await FiguresAsync(months, "Given by month: ")).Length);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-charity-dashboard-chart.png") });

        await page.OpenPortalAsync("/merchant/journeys");
        var stages = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Gifts by journey stage: ") });
        await Expect(stages).ToBeVisibleAsync();
        var figures = await FiguresAsync(stages, "Gifts by journey stage: ");
        var bars = stages.Locator("svg rect");
        await Expect(bars).ToHaveCountAsync(figures.Length);
        // The first stage's bar is titled with its figure, as the description gives it.
        var first = figures[0];
        var (label, count) = (first[..first.LastIndexOf(' ')], first[(first.LastIndexOf(' ') + 1)..]);
        await Expect(bars.First.Locator("title")).ToHaveTextAsync($"{label}: {count}");

        // The table under the chart pages through every active journey, as the figure counts them (the demo's twelve and
        // whatever the other walks gave to this charity meanwhile), twenty a page.
        var active = int.Parse(await page.Locator(".stat").Filter(new() { HasText = "Active journeys" }).Locator(".stat-value").InnerTextAsync());
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Active journeys" }).Locator("tbody tr");
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        await Expect(rows).ToHaveCountAsync(Math.Min(active, 20));
        await Expect(page.GetByText($"1-{Math.Min(active, 20)} of {active}")).ToBeVisibleAsync();
        if (active > 20)
        {
            await next.ClickAsync();
            await Expect(page.GetByText($"21-{Math.Min(active, 40)} of {active}")).ToBeVisibleAsync();
            await Expect(rows).ToHaveCountAsync(Math.Min(active - 20, 20));
            await page.GetByRole(AriaRole.Button, new() { Name = "First page" }).ClickAsync();
        }
        else
        {
            await Expect(next).ToBeDisabledAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Move R-") }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-journeys-chart-dark.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync(); // the account's scheme, as found
        // On a phone each row stands as a card of labelled cells, as MudDataGrid's were.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(rows.First.Locator("td").First).ToHaveCSSAsync("display", "flex");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "e2e-journeys-phone.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    /// <summary>The figures a chart's description lists after <paramref name="prefix"/>, "label value" each.</summary>
    private static async Task<string[]> FiguresAsync(ILocator chart, string prefix) =>
        (await chart.GetAttributeAsync("aria-label"))![prefix.Length..].Split(", ");
}
