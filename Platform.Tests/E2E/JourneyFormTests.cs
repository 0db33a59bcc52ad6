using Microsoft.Playwright;
using Platform.Core.Giving;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class JourneyFormTests(LiveApp app)
{
    [Fact]
    public async Task ANoteOverItsLimitIsRefusedWithItsMessageUnderTheNoteAndWhatWasTypedIsKept()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync("owner@openhands.test", returnUrl: "/merchant/journeys");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Move ") }).First.ClickAsync();
        var note = new string('x', JourneyStep.NoteMaxLength + 1);

        await page.GetByLabel("Note for the donor").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save step" }).ClickAsync();

        var message = page.Locator(".mud-input-control:has(textarea) .mud-input-helper-text.mud-input-error");
        await Expect(message).ToHaveTextAsync($"Note must be at most {JourneyStep.NoteMaxLength} characters.");
        await Expect(page.GetByLabel("Note for the donor")).ToHaveValueAsync(note);
    }
}
