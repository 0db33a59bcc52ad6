using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Messaging;

namespace Platform.Tests.Web;

/// <summary>The account forms take a few attempts per client and per account, then answer 429 saying when to come back.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task OneClientIsStoppedAfterItsAttemptsWhateverTheAddressesTypedAndAnotherClientIsNot()
    {
        await using var host = new HostFactory();
        await using var app = Limited(host, ("PerClient", 3));
        var client = From(app, "203.0.113.7");

        for (var i = 0; i < 3; i++)
        {
            (await client.SignInAsync($"nobody{i}@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var refused = await client.SignInAsync("nobody3@example.test", "wrong");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single()).ShouldBeInRange(1, 60);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
        var endpoint = await client.PostFormAsync("/Account/Login", "/Account/Passkey/RequestOptions");
        endpoint.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        endpoint.Headers.Contains("Retry-After").ShouldBeTrue();
        (await From(app, "203.0.113.8").SignInAsync("donor@example.test")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task OneAccountIsStoppedAfterItsAttemptsFromEveryClientAndOtherAccountsAreNot()
    {
        await using var host = new HostFactory();
        await using var app = Limited(host, ("PerAccount", 2));

        (await From(app, "198.51.100.1").SignInAsync("donor@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await From(app, "198.51.100.2").SignInAsync(" Donor@Example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await From(app, "198.51.100.3").SignInAsync("donor@example.test");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        (await From(app, "198.51.100.3").SignInAsync("creator@example.test")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task AnAddressGetsAtMostFiveSignInEmailsAnHourMagicLinksAndResetsTogether()
    {
        await using var host = new HostFactory();
        await using var app = Limited(host, ("SignInEmails", 5));

        for (var i = 0; i < 5; i++)
        {
            var page = i % 2 == 0 ? "/Account/MagicLink" : "/Account/ForgotPassword";
            var sent = await From(app, $"192.0.2.{i + 1}").PostFormAsync(page, page, new()
            {
                ["_handler"] = i % 2 == 0 ? "magic-link" : "forgot",
                ["Input.Email"] = "donor@example.test",
            });
            sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var refused = await From(app, "192.0.2.9").PostFormAsync("/Account/MagicLink", "/Account/MagicLink", new()
        {
            ["_handler"] = "magic-link",
            ["Input.Email"] = "donor@example.test",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(60 * 50);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
        app.Services.GetRequiredService<Outbox>().List("donor@example.test")
            .Count(m => m.Subject is "Your sign-in link" or "Reset your password").ShouldBe(5);
    }

    private static WebApplicationFactory<Program> Limited(HostFactory host, (string Rule, int Limit) limit) =>
        host.WithWebHostBuilder(b =>
        {
            b.UseSetting($"RateLimits:{limit.Rule}:PermitLimit", limit.Limit.ToString());
            b.UseSetting($"RateLimits:{limit.Rule}:WindowSeconds", limit.Rule == "SignInEmails" ? "3600" : "60");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFromHeader()));
        });

    /// <summary>A client at its own address: the test server has no network, so the address comes in a header.</summary>
    private static HttpClient From(WebApplicationFactory<Program> app, string address)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }
}
