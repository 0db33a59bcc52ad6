using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Giving;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class JobsFlowTests(LiveApp app)
{
    private const string Donor = "donor@example.test";

    [Fact]
    public async Task StaffPauseOneJobRunTheYearEndStatementsAndTheDonorGetsAndDownloadsThePdf()
    {
        var staff = await app.NewPageAsync();
        await staff.SignInAsync("admin@platform.test", returnUrl: "/admin/jobs");
        await staff.WaitForCircuitAsync();
        await staff.ExpectHeadingAsync("Jobs");

        // Pause the ledger check, confirming first.
        var ledger = staff.Locator("tr[data-job='ledger-check']");
        await ledger.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await staff.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "true");
        await Expect(ledger.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();

        // Run the tax statements now for this year and one donor.
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        await staff.Locator("tr[data-job='tax-statements']").GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await staff.GetByLabel("Year").FillAsync(year);
        await staff.GetByLabel("Donor email").FillAsync(Donor);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        // The jobs page follows the run it started to its outcome; the runs page shows it finished too.
        await Expect(staff.Locator(".run-watch[data-run-status='Succeeded']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await staff.OpenPortalAsync("/admin/jobs/runs?job=tax-statements");
        await Expect(staff.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The donor's mail holds the PDF; its text names them, each deductible gift and the total.
        var mail = await SmtpMailbox.WaitForAsync(Donor, $"Your {year} tax statement", TimeSpan.FromSeconds(30));
        var text = await PdfText.ReadAsync(mail.Attachment("tax-statement-"));
        var (name, gifts) = await DonorGiftsAsync(int.Parse(year, CultureInfo.InvariantCulture));
        text.ShouldContain(name);
        foreach (var gift in gifts)
        {
            text.ShouldContain(gift.ReceiptNumber!);
            text.ShouldContain((gift.Charged - gift.Refunded).Format());
        }
        text.ShouldContain(new Platform.Core.Common.Money(gifts.Sum(g => (g.Charged - g.Refunded).Amount), "USD").Format());

        // And the donor downloads the same statement from the portal.
        var donor = await app.NewPageAsync();
        await donor.SignInAsync(Donor, returnUrl: "/donor/statements");
        await donor.ExpectHeadingAsync("Tax statements");
        var link = donor.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).First;
        var pdf = await donor.Context.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        pdf.Status.ShouldBe(200);
        (await pdf.BodyAsync()).Take(4).ShouldBe("%PDF"u8.ToArray());

        // Resume, so the shared app is left as found.
        await staff.OpenPortalAsync("/admin/jobs");
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "true");
        await ledger.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(ledger).ToHaveAttributeAsync("data-paused", "false");
    }

    private async Task<(string Name, List<DonorGift> Gifts)> DonorGiftsAsync(int year)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Platform.Data.Identity.PlatformUser>>()
            .FindByEmailAsync(Donor);
        var gifts = await scope.ServiceProvider.GetRequiredService<GivingQueries>().AllDonorGiftsAsync(user!.Id, Donor);
        return (user.DisplayName, gifts.Where(g => g.IsTaxDeductible && g.CreatedAt.Year == year && g.ReceiptNumber is not null).ToList());
    }
}
