using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class OnboardingFlowTests(LiveApp app)
{
    [Fact]
    public async Task ANewPersonStartsAGymOnATrialAddsALocationAndATeammateJoins()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var founder = $"founder-{id}@example.test";
        var gym = $"Iron Works {id}";
        var page = await app.NewPageAsync();

        await RegisterFromStartAsync(page, "Frida Founder", founder);
        await page.GetByRole(AriaRole.Link, new() { Name = "Start an organization" }).ClickAsync();
        await page.ExpectHeadingAsync("Start your organization");
        await page.WaitForCircuitAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Northside Fitness");
        var taken = page.GetByText("The address 'northside-fitness' is already taken");
        await Expect(taken).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(gym);
        await Expect(taken).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Web address")).ToHaveValueAsync($"iron-works-{id}");
        await page.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Berlin");
        await page.GetByText("Europe/Berlin", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Location time zone")).ToHaveValueAsync("Europe/Berlin");
        await page.GetByLabel("Location name").FillAsync("Mitte");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start my free trial" }).ClickAsync();

        // The new organization becomes the active one: the cookie is re-issued and the dashboard opens.
        await Expect(page).ToHaveURLAsync(new Regex("/merchant$"));
        await page.ExpectHeadingAsync(gym);
        await Expect(page.GetByText("Your trial ends on")).ToBeVisibleAsync();
        var steps = page.GetByRole(AriaRole.Region, new() { Name = "First steps" });
        await Expect(steps.GetByRole(AriaRole.Link, new() { Name = "Add a location (done)" })).ToBeVisibleAsync();
        await Expect(steps.GetByRole(AriaRole.Link, new() { Name = "Invite a teammate (to do)" })).ToBeVisibleAsync();

        await page.OpenPortalAsync("/merchant/locations");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add location" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Kreuzberg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save location" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Kreuzberg", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Mitte", Exact = true })).ToBeVisibleAsync();

        var teammate = $"mate-{id}@example.test";
        await page.OpenPortalAsync("/merchant/team");
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Invite someone" }) });
        await form.GetByLabel("Email").FillAsync(teammate);
        await form.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.GetByText($"Invitation sent to {teammate}.")).ToBeVisibleAsync();

        // The teammate signs up through the invitation link and joins.
        var mate = await app.NewPageAsync();
        var invitation = await SmtpMailbox.WaitForAsync(teammate, "invited to join");
        await mate.GotoAsync(invitation.LinkTo("/invitations/accept"));
        await mate.ExpectHeadingAsync($"Join {gym}");
        await mate.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await RegisterAndSignInAsync(mate, "Mia Mate", teammate);
        await mate.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Expect(mate).ToHaveURLAsync(new Regex("/merchant$"));
        await mate.ExpectHeadingAsync(gym);

        await page.OpenPortalAsync("/merchant");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Invite a teammate (done)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ANewPersonRegistersAndGivesOnce()
    {
        var donor = $"giver-{Guid.NewGuid():N}@example.test";
        var page = await app.NewPageAsync();

        await RegisterFromStartAsync(page, "Gus Giver", donor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Find a charity" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "School kits" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Give to this program" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Give to School kits" }).WaitForAsync();
        await page.WaitForCircuitAsync();
        await page.GetByLabel("Other amount").FillAsync("15");
        await page.GetByLabel("Postal address").FillAsync("3 Oak Lane, Springfield");
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiry month").FillAsync("12");
        await page.GetByLabel("Expiry year").FillAsync("2030");
        await page.GetByLabel("Security code").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Give $15.00" }).ClickAsync();

        await page.ExpectThanksAsync();
        var receipt = await page.GetByTestId("receipt-number").InnerTextAsync();
        (await SmtpMailbox.WaitForAsync(donor, $"Your receipt {receipt}")).Html.ShouldContain("$15.00");
    }

    /// <summary>A stranger opens /start, is sent to sign in, creates an account there, confirms it and comes back to /start.</summary>
    private static async Task RegisterFromStartAsync(IPage page, string name, string email)
    {
        await page.GotoAsync("/start");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await RegisterAndSignInAsync(page, name, email);
        await Expect(page).ToHaveURLAsync(new Regex("/start$"));
        await page.ExpectHeadingAsync("What did you come for?");
        // A link clicked while the circuit is still starting races the enhanced navigation against the circuit's first render.
        await page.WaitForCircuitAsync();
    }

    private static async Task RegisterAndSignInAsync(IPage page, string name, string email)
    {
        const string password = "Newcomer!pass1";
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/RegisterConfirmation"));

        var confirmation = await SmtpMailbox.WaitForAsync(email, "Confirm your email");
        await page.GotoAsync(confirmation.LinkTo("/Account/ConfirmEmail"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).Last.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }
}
