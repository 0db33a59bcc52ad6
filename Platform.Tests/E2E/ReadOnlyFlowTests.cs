using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Tests.Support;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class ReadOnlyFlowTests(LiveApp app)
{
    [Fact]
    public async Task AnOwnerWhoseTrialEndedStillReadsAndIsToldWhyASaveIsRefusedKeepingWhatTheyTyped()
    {
        await ChangeAsync("harbor-clinic", o => o.Expire());
        try
        {
            var page = await app.NewPageAsync();
            await page.SignInAsync("owner@harborclinic.test", returnUrl: "/merchant/locations");
            await page.WaitForCircuitAsync();
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The trial of Harbor Clinic has ended." })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Choose a plan" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Harbor Street")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Add location" }).ClickAsync();
            await page.GetByLabel("Name").FillAsync("Quayside");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save location" }).ClickAsync();

            await Expect(page.GetByText("so its data is read-only")).ToBeVisibleAsync();
            await Expect(page.GetByText("Harbor Street")).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Quayside"); // what was typed is kept
            (await LocationNamesAsync("harbor-clinic")).ShouldBe(["Harbor Street"]);
        }
        finally
        {
            await ChangeAsync("harbor-clinic", o => o.ExtendTrial(Organization.TrialDays, DateTimeOffset.UtcNow)); // leave the shared app as found
        }
    }

    private async Task ChangeAsync(string slug, Action<Organization> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        change(await db.Organizations.SingleAsync(o => o.Slug == slug));
        await db.SaveChangesAsync();
    }

    private Task<List<string>> LocationNamesAsync(string slug) => app.Services.ReadAllAsync(db =>
        db.Locations.Where(l => db.Organizations.Any(o => o.Slug == slug && o.Id == l.OrganizationId)).Select(l => l.Name).ToListAsync());
}
