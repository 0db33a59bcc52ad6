using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Tests.Support;
using Platform.Web.Messaging;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

/// <summary>What donors and the charity see of money in the browser: thank-you pages, refunds, a suspended monthly gift.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DonorMoneyFlowTests(LiveApp app)
{
    private static readonly string Shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "platform-shots")).FullName;

    [Fact]
    public async Task EveryGiftsThankYouPageTurnsToThankYouByItselfOnceTheGatewayConfirms()
    {
        // The confirmation races each page's first read (more so with several donors giving at once); every one of these
        // gifts must still end on "Thank you!" without a reload.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async donor =>
        {
            var page = await app.NewPageAsync();
            await page.SignInAsync("donor@example.test", returnUrl: "/charities");
            await page.WaitForCircuitAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Warm homes" }).First.ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Give to this program" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Give to Warm homes" }).WaitForAsync();
            var givePage = page.Url;
            for (var i = 1; i <= 4; i++)
            {
                await page.OpenPortalAsync(givePage);
                await page.GetByLabel("Other amount").FillAsync($"{10 + i}");
                await page.GetByLabel("Postal address").FillAsync("12 Elm Street, Springfield");
                await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
                await page.GetByLabel("Expiry month").FillAsync("12");
                await page.GetByLabel("Expiry year").FillAsync("2030");
                await page.GetByLabel("Security code").FillAsync("123");
                await page.GetByRole(AriaRole.Button, new() { Name = $"Give ${10 + i}.00" }).ClickAsync();
                await page.ExpectThanksAsync();
            }
        }));
    }

    [Fact]
    public async Task ARefundShowsWithItsDateOnTheCharitysListAndDetailAndOnTheDonorsGiftPage()
    {
        var owner = await app.NewPageAsync();
        await owner.SignInAsync("owner@openhands.test", returnUrl: "/merchant");
        await owner.OpenPortalAsync("/merchant/donations");
        await owner.GetByLabel("Search").FillAsync("donor@example.test");
        await owner.GetByLabel("Search").PressAsync("Enter");
        // The search has reloaded the list: no other donor's gift is left and no page is still loading.
        await Expect(owner.Locator("tbody tr").Filter(new() { HasNotText = "donor@example.test" })).ToHaveCountAsync(0);
        await Expect(owner.Locator(".mud-table-loading")).ToHaveCountAsync(0);
        await Expect(owner.Locator("tbody tr").First).ToContainTextAsync("donor@example.test");
        var row = owner.Locator("tr", new() { Has = owner.GetByRole(AriaRole.Button, new() { Name = "Refund" }) }).Last;
        var receipt = (await row.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await row.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await owner.GetByLabel("Reason").FillAsync("Given twice by mistake");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).First.ClickAsync();
        await owner.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();
        await Expect(owner.GetByText("has been emailed")).ToBeVisibleAsync();

        var refunded = owner.Locator("tr", new() { HasText = receipt });
        await Expect(refunded).ToContainTextAsync("Refunded");
        await Expect(refunded.GetByTestId("refund-note")).ToContainTextAsync(DateTimeOffset.UtcNow.ToString("d MMM yyyy"));
        await owner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "merchant-donations-refunded.png"), FullPage = true });
        await refunded.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await Expect(owner.GetByTestId("donation-facts")).ToContainTextAsync("Refunded");
        await Expect(owner.GetByTestId("donation-facts")).ToContainTextAsync("Net to the charity");
        await owner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "merchant-donation-detail.png"), FullPage = true });

        var donationId = owner.Url.Split('/').Last();

        var donor = await app.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor");
        await donor.OpenPortalAsync($"/donor/donations/{donationId}");
        await Expect(donor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("refunded");
        await Expect(donor.GetByTestId("gift-status")).ToContainTextAsync("Refunded");
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Shots, "donor-gift-refunded.png"), FullPage = true });
        await donor.OpenPortalAsync("/donor");
        await Expect(donor.GetByRole(AriaRole.Heading, new() { Name = "Recent gifts" })).ToBeVisibleAsync();
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Shots, "donor-dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task ASuspendedMonthlyGiftsEmailLinkOffersANewCardAndResumesTheGift()
    {
        var giftId = await SuspendDonorsMonthlyGiftAsync();
        var pauseLink = $"/recurring?token={Uri.EscapeDataString(app.Services.GetRequiredService<RecurringLinkTokens>().Create(giftId, RecurringAction.Pause))}";

        var page = await app.NewPageAsync();
        await page.GotoAsync(pauseLink);
        await page.ExpectHeadingAsync("This monthly gift is suspended");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause it" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cannot be paused");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "link-suspended.png"), FullPage = true });
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiry month").FillAsync("12");
        await page.GetByLabel("Expiry year").FillAsync("2030");
        await page.GetByLabel("Security code").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save card and resume" }).ClickAsync();
        await page.ExpectHeadingAsync("Resumed");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is now active");

        var donor = await app.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor/recurring");
        await donor.OpenPortalAsync("/donor/recurring");
        var row = donor.Locator($"[data-recurring='{giftId}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "Active");
        await Expect(row).ToContainTextAsync("card ending 4242");
        await Expect(row).Not.ToContainTextAsync("declined");
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Shots, "donor-recurring-resumed.png"), FullPage = true });

        // Suspended again: the donor portal takes a new card and resumes it too.
        await SuspendDonorsMonthlyGiftAsync();
        await donor.OpenPortalAsync("/donor/recurring");
        await Expect(row).ToHaveAttributeAsync("data-status", "Suspended");
        await Expect(row).ToContainTextAsync("Try another card");
        await row.GetByRole(AriaRole.Button, new() { Name = "Update card and resume" }).ClickAsync();
        var form = donor.GetByTestId("card-update");
        await form.GetByLabel("Card number").FillAsync("5555 5555 5555 4444");
        await form.GetByLabel("Expiry month").FillAsync("11");
        await form.GetByLabel("Expiry year").FillAsync("2031");
        await form.GetByLabel("Security code").FillAsync("321");
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Shots, "donor-recurring-card-form.png"), FullPage = true });
        await form.GetByRole(AriaRole.Button, new() { Name = "Save card and resume" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "Active");
        await Expect(row).ToContainTextAsync("card ending 4444");
        await Expect(row).Not.ToContainTextAsync("Try another card");
        await donor.GetByText("1 charge").ClickAsync();
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Shots, "donor-recurring-attempts.png"), FullPage = true });
    }

    /// <summary>The demo donor's monthly gift, declined on every retry of a month, as the recurring job leaves it.</summary>
    private async Task<Guid> SuspendDonorsMonthlyGiftAsync()
    {
        var found = await app.Services.ReadAllAsync(db => db.RecurringGifts.AsNoTracking().SingleAsync(r => r.DonorEmail == "donor@example.test"));
        var (id, organizationId) = (found.Id, found.OrganizationId);
        await using var scope = app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(organizationId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var gift = await db.RecurringGifts.SingleAsync(r => r.Id == id);
        while (gift.AttemptFailed("The card was declined. Try another card or contact your bank.") is not null)
        {
        }
        await db.SaveChangesAsync();
        return id;
    }
}
