using System.Net;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Data.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>The app with Google sign-in configured against <see cref="FakeGoogle"/> on loopback.</summary>
public sealed class GoogleHostFactory : HostFactory, IAsyncLifetime
{
    public FakeGoogle Google { get; private set; } = null!;

    public async Task InitializeAsync() => Google = await FakeGoogle.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Google.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Authentication:Google:ClientId", FakeGoogle.ClientId);
        builder.UseSetting("Authentication:Google:ClientSecret", FakeGoogle.ClientSecret);
        builder.ConfigureTestServices(services => services.PostConfigure<GoogleOptions>(GoogleDefaults.AuthenticationScheme, o =>
        {
            o.AuthorizationEndpoint = Google.Url + "/authorize";
            o.TokenEndpoint = Google.Url + "/token";
            o.UserInformationEndpoint = Google.Url + "/userinfo";
        }));
    }
}

public sealed class GoogleSignInTests(GoogleHostFactory factory) : IClassFixture<GoogleHostFactory>
{
    [Fact]
    public async Task ANewPersonWithAVerifiedGoogleAddressGetsAnAccountAndLandsSignedIn()
    {
        var email = $"google-{Guid.NewGuid():N}@example.test";
        var client = Browser();

        var landed = await SignInWithGoogleAsync(client, new GoogleProfile(Guid.NewGuid().ToString("N"), email, true, "Gail Google"));

        landed.ShouldBe("/donor");
        (await client.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var user = await factory.Services.UserAsync(email);
        (user.EmailConfirmed, user.DisplayName).ShouldBe((true, "Gail Google"));
        var audited = await AuditAsync(user.Id);
        audited.ShouldContain(AuditActions.Registered);
        audited.ShouldContain(AuditActions.ExternalLoginLinked);
        audited.ShouldContain(AuditActions.SignInSucceeded);
    }

    [Fact]
    public async Task AnExistingAccountIsLinkedByItsVerifiedAddressAndTheSameGoogleAccountSignsInAgain()
    {
        var (email, _) = await factory.Services.CreateWithTwoFactorAsync("google-link");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            (await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, false)).Succeeded.ShouldBeTrue();
        }
        var google = new GoogleProfile(Guid.NewGuid().ToString("N"), email, true, "Linked");

        (await SignInWithGoogleAsync(Browser(), google)).ShouldBe("/donor");
        var again = Browser();
        (await SignInWithGoogleAsync(again, google)).ShouldBe("/donor");

        (await again.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var check = factory.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().GetLoginsAsync(await factory.Services.UserAsync(email)))
            .ShouldHaveSingleItem().ProviderKey.ShouldBe(google.Subject);
    }

    [Fact]
    public async Task AnAccountWithTwoFactorOnIsAskedForItsCodeAfterGoogle()
    {
        var (email, key) = await factory.Services.CreateWithTwoFactorAsync("google-2fa");
        var client = Browser();

        var landed = await SignInWithGoogleAsync(client, new GoogleProfile(Guid.NewGuid().ToString("N"), email, true, "Two Factor"));

        landed.ShouldStartWith("/Account/LoginWith2fa");
        (await client.GetAsync("/donor")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await client.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow))).Headers.Location!.ToString().ShouldEndWith("/donor");
        (await client.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnverifiedGoogleAddressIsRefusedAndNeitherCreatesNorTakesOverAnAccount()
    {
        var (existing, _) = await factory.Services.CreateWithTwoFactorAsync("google-unverified");
        var stranger = $"google-unverified-{Guid.NewGuid():N}@example.test";

        foreach (var email in new[] { existing, stranger })
        {
            var client = Browser();
            var landed = await SignInWithGoogleAsync(client, new GoogleProfile(Guid.NewGuid().ToString("N"), email, false, "Mallory"));

            landed.ShouldStartWith("/Account/Login?Message=");
            Uri.UnescapeDataString(landed).ShouldContain("Google has not verified that email address");
            (await client.GetAsync("/donor")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        }
        (await factory.Services.UserAsync(stranger)).ShouldBeNull();
        await using var scope = factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().GetLoginsAsync(await factory.Services.UserAsync(existing))).ShouldBeEmpty();
        var refused = await factory.Services.ReadAllAsync(db => db.AuditEntries
            .Where(a => a.Action == AuditActions.SignInFailed && a.Detail == "Google: email not verified").Select(a => a.UserName).ToListAsync());
        refused.ShouldContain(stranger);
    }

    [Fact]
    public async Task TheSignInPageOffersGoogleOnlyWhereItIsConfigured()
    {
        (await Browser().GetStringAsync("/Account/Login")).ShouldContain("Sign in with Google");
        var plain = new HostFactory();
        await using var _ = plain;
        (await plain.NewClient().GetStringAsync("/Account/Login")).ShouldNotContain("Sign in with Google");
    }

    // The correlation cookie Google's handler sets is Secure, so the browser talks to the app over HTTPS.
    private HttpClient Browser() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    /// <summary>Presses the button, lets Google answer for <paramref name="profile"/>, and follows the app's redirects; answers where it lands.</summary>
    private async Task<string> SignInWithGoogleAsync(HttpClient client, GoogleProfile profile)
    {
        factory.Google.Next = profile;
        var challenge = await client.PostFormAsync("/Account/Login?returnUrl=%2Fdonor", "/Account/ExternalLogin", new()
        {
            ["provider"] = "Google",
            ["returnUrl"] = "/donor",
        });
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        authorize.ToString().ShouldStartWith(factory.Google.Url + "/authorize");

        using var toGoogle = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await toGoogle.GetAsync(authorize)).Headers.Location!;
        back.GetLeftPart(UriPartial.Path).ShouldBe("https://localhost/signin-google");

        var next = back.PathAndQuery;
        for (var hop = 0; hop < 5; hop++)
        {
            var response = await client.GetAsync(next);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"{next} answered {(int)response.StatusCode}");
            }
            next = response.Headers.Location!.ToString();
            if (!next.StartsWith("/signin-google", StringComparison.Ordinal) && !next.StartsWith("/Account/ExternalLogin", StringComparison.Ordinal))
            {
                return next;
            }
        }
        throw new InvalidOperationException("Too many redirects after Google.");
    }

    private Task<List<string>> AuditAsync(Guid userId) =>
        factory.Services.ReadAllAsync(db => db.AuditEntries.Where(a => a.UserId == userId)
            .Select(a => a.Action).ToListAsync());
}
