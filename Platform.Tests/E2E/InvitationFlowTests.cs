using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class InvitationFlowTests(LiveApp app)
{
    [Fact]
    public async Task AnOwnerInvitesStaffToOneLocationAndTheNewMemberSeesOnlyThatLocation()
    {
        var invitee = $"coach-{Guid.NewGuid():N}@example.test";
        const string password = "Coach!pass123";

        // The owner invites through the interactive team page: the form runs over the circuit.
        var owner = await app.NewPageAsync();
        await owner.SignInAsync("owner@northside.test", returnUrl: "/merchant");
        await owner.OpenPortalAsync("/merchant/team");
        var form = owner.Locator("form", new() { Has = owner.GetByRole(AriaRole.Heading, new() { Name = "Invite someone" }) });
        await form.GetByLabel("Email").FillAsync(invitee);
        await form.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Riverside").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(owner.GetByText($"Invitation sent to {invitee}.")).ToBeVisibleAsync();
        await Expect(owner.GetByRole(AriaRole.Row).Filter(new() { HasText = invitee })).ToContainTextAsync("Riverside");

        // The invitee follows the link from the mail the SMTP server received, creates an account and accepts.
        var page = await app.NewPageAsync();
        var invitation = await SmtpMailbox.WaitForAsync(invitee, "invited to join");
        await page.GotoAsync(invitation.LinkTo("/invitations/accept"));
        await page.ExpectHeadingAsync("Join Northside Fitness");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Casey Coach");
        await page.GetByLabel("Email").FillAsync(invitee);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var confirmation = await SmtpMailbox.WaitForAsync(invitee, "Confirm your email");
        await page.GotoAsync(confirmation.LinkTo("/Account/ConfirmEmail"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).Last.ClickAsync();
        await page.GetByLabel("Email").FillAsync(invitee);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/merchant$"));

        await page.OpenPortalAsync("/merchant/locations");
        var grid = page.Locator("main.portal-body");
        await Expect(grid.GetByRole(AriaRole.Cell, new() { Name = "Riverside", Exact = true })).ToBeVisibleAsync();
        await Expect(grid.GetByRole(AriaRole.Cell, new() { Name = "Downtown", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add location" })).ToHaveCountAsync(0);
    }
}
