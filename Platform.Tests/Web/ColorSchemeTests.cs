using System.Net;
using Platform.Data.Identity;
using Platform.Web.Components.Layout;

namespace Platform.Tests.Web;

/// <summary>The light/dark choice is kept on the account, so it follows the person to another browser at sign-in.</summary>
public sealed class ColorSchemeTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task ADarkChoiceIsKeptOnTheAccountAndRestoredAtTheNextSignInElsewhere()
    {
        var email = "donor@example.test";
        var first = await factory.SignedInClientAsync(email);
        try
        {
            var response = await first.PostFormAsync("/donor", "/Account/ColorScheme", new() { ["scheme"] = "Dark", ["returnUrl"] = "/donor" });

            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe("/donor");
            (await factory.Services.UserAsync(email)).ColorScheme.ShouldBe(ColorScheme.Dark);

            var elsewhere = factory.NewClient();
            var signIn = await elsewhere.SignInAsync(email);
            signIn.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith($"{ColorSchemes.Cookie}=Dark"));
        }
        finally
        {
            await first.PostFormAsync("/donor", "/Account/ColorScheme", new() { ["scheme"] = "System" });
        }
    }

    [Fact]
    public async Task AVisitorsChoiceLivesInTheCookieAndTheFirstRenderUsesIt()
    {
        var client = factory.NewClient();

        // The public pages are cached for every visitor alike, so their toggle carries no token: a visitor's post needs none.
        var response = await client.PostAsync("/Account/ColorScheme", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["scheme"] = "Dark",
            ["returnUrl"] = "https://evil.test/",
        }));

        response.Headers.Location!.ToString().ShouldBe("/");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ColorSchemes.Cookie));
        var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        html.ShouldContain("Switch to light mode");
    }

    [Fact]
    public async Task ASignedInPersonsChoiceWithoutTheFormsTokenIsRefusedAndLeavesTheAccountAlone()
    {
        var email = "creator@example.test";
        var client = await factory.SignedInClientAsync(email);

        var response = await client.PostAsync("/Account/ColorScheme", new FormUrlEncodedContent(new Dictionary<string, string> { ["scheme"] = "Dark" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(Platform.Web.Security.AntiforgeryCheck.Refused);
        (await factory.Services.UserAsync(email)).ColorScheme.ShouldBe(ColorScheme.System);
    }

    [Fact]
    public async Task AnUnknownSchemeIsABadRequestWithAMessage()
    {
        var client = factory.NewClient();

        var response = await client.PostAsync("/Account/ColorScheme", new FormUrlEncodedContent(new Dictionary<string, string> { ["scheme"] = "Purple" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
