using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class GivingFlowTests(LiveApp app)
{
    [Fact]
    public async Task ADonorGivesWithATestCardGetsTheReceiptByMailAndWatchesStaffMoveTheJourneyLive()
    {
        var donor = await app.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/charities");
        await donor.WaitForCircuitAsync();
        await donor.GetByRole(AriaRole.Link, new() { Name = "School kits" }).First.ClickAsync();
        await donor.GetByRole(AriaRole.Link, new() { Name = "Give to this program" }).ClickAsync();
        await donor.GetByRole(AriaRole.Heading, new() { Name = "Give to School kits" }).WaitForAsync();
        await donor.WaitForCircuitAsync();

        // A declined card first: the form says why and keeps everything typed.
        await donor.GetByLabel("Other amount").FillAsync("42");
        await donor.GetByLabel("Postal address").FillAsync("12 Elm Street, Springfield");
        await donor.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await donor.GetByLabel("Expiry month").FillAsync("12");
        await donor.GetByLabel("Expiry year").FillAsync("2030");
        await donor.GetByLabel("Security code").FillAsync("123");
        await donor.GetByRole(AriaRole.Button, new() { Name = "Give $42.00" }).ClickAsync();
        await Expect(donor.GetByText("The card was declined.")).ToBeVisibleAsync();
        await Expect(donor.GetByLabel("Other amount")).ToHaveValueAsync("42");

        await donor.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await donor.GetByRole(AriaRole.Button, new() { Name = "Give $42.00" }).ClickAsync();

        // The gateway confirms through the signed webhook; the thank-you page updates by itself.
        await donor.ExpectThanksAsync();
        var receipt = await donor.GetByTestId("receipt-number").InnerTextAsync();
        receipt.ShouldMatch(@"^R-\d{4}-\d{6}$");
        var mail = await SmtpMailbox.WaitForAsync("donor@example.test", $"Your receipt {receipt}");
        mail.Html.ShouldContain("$42.00");
        mail.Html.ShouldContain("tax-deductible");

        await donor.GetByRole(AriaRole.Link, new() { Name = "Follow its journey" }).ClickAsync();
        var timeline = donor.GetByTestId("journey-timeline");
        await Expect(timeline).ToContainTextAsync("Received");

        // Charity staff allocate the gift while the donor's page stays open.
        var staff = await app.NewPageAsync();
        await staff.SignInAsync("owner@openhands.test", returnUrl: "/merchant");
        await staff.OpenPortalAsync("/merchant/journeys");
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Move {receipt}" }).ClickAsync();
        await staff.GetByLabel("Family").ClickAsync();
        // The first family, after "(keep)", in the select's open list (the grid's page sizes are options too).
        await staff.Locator(".mud-popover-open").GetByRole(AriaRole.Option).Nth(1).ClickAsync();
        await staff.GetByLabel("Note for the donor").FillAsync("School kits packed for the family.");
        await staff.GetByLabel("Photo").SetInputFilesAsync(new FilePayload { Name = "kits.png", MimeType = "image/png", Buffer = TestImages.Png });
        await Expect(staff.GetByText("kits.png")).ToBeVisibleAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save step" }).ClickAsync();
        await Expect(staff.GetByText($"{receipt} is now Allocated.")).ToBeVisibleAsync();

        await Expect(timeline).ToContainTextAsync("School kits packed for the family.");
        await Expect(donor.Locator("[aria-current=step]")).ToHaveTextAsync("Allocated");
        // The uploaded photo is served to the donor and the browser draws it.
        var photo = donor.GetByAltText("Photo at Allocated");
        await Expect(photo).ToBeVisibleAsync();
        await Expect(photo).ToHaveJSPropertyAsync("naturalWidth", 2);
        (await SmtpMailbox.WaitForAsync("donor@example.test", "Your gift to Open Hands Foundation: Allocated")).Html
            .ShouldContain("School kits packed for the family.");
    }
}
