using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Support;
using Platform.Web.Identity;
using Platform.Web.Messaging;

namespace Platform.Tests.Web;

/// <summary>The second factor over HTTP: asked for after every first factor but a passkey, and each code taken once.</summary>
public sealed partial class TwoFactorTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task AMagicLinkForAnAccountWithTwoFactorOnAsksForTheCodeBeforeSigningIn()
    {
        var (email, key) = await factory.Services.CreateWithTwoFactorAsync("link-2fa");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MagicLinkService>().RequestAsync(email);
        }
        var client = factory.NewClient();

        var opened = await client.GetAsync(MagicLinkIn(email));

        opened.Headers.Location!.ToString().ShouldContain("/Account/LoginWith2fa");
        (await client.GetAsync("/donor")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        var signedIn = await client.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        signedIn.Headers.Location!.ToString().ShouldEndWith("/donor");
        (await client.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACodeAlreadyUsedIsRefusedAndTheNextOneIsTaken()
    {
        var (email, key) = await factory.Services.CreateWithTwoFactorAsync("replay");
        var code = Totp.Code(key, DateTimeOffset.UtcNow);
        var first = factory.NewClient();
        (await first.SignInAsync(email, TwoFactorAccounts.Password)).Headers.Location!.ToString().ShouldContain("/Account/LoginWith2fa");
        (await first.EnterCodeAsync(code)).Headers.Location!.ToString().ShouldEndWith("/donor");

        var second = factory.NewClient();
        (await second.SignInAsync(email, TwoFactorAccounts.Password)).Headers.Location!.ToString().ShouldContain("/Account/LoginWith2fa");
        var replayed = await second.EnterCodeAsync(code);

        replayed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replayed.Content.ReadAsStringAsync()).ShouldContain("That code is not valid");
        (await second.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)))).Headers.Location!.ToString().ShouldEndWith("/donor");
    }

    private string MagicLinkIn(string email)
    {
        var outbox = factory.Services.GetRequiredService<Outbox>();
        var message = outbox.List(email).Single(m => m.Subject == "Your sign-in link");
        var link = VerifyLink().Match(outbox.HtmlBody(message.Id)!).Value;
        return new Uri(WebUtility.HtmlDecode(link)).PathAndQuery;
    }

    [GeneratedRegex("https?://[^\"]+/Account/MagicLink/Verify[^\"]+")]
    private static partial Regex VerifyLink();
}
