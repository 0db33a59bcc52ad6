using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>
/// X-Forwarded-* say who the client is only when a configured proxy sends them: the rate limits (one sign-in a minute per
/// client here) count the forwarded address then, and the socket's address otherwise.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "198.51.100.10";

    [Fact]
    public async Task AForgedForwardedForIsIgnoredWhenNoProxyIsConfigured()
    {
        await using var host = new HostFactory();
        var logs = new CapturedLogs();
        await using var app = Behind(host, logs);

        (await From(app, "192.0.2.50", forwardedFor: "203.0.113.1").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await From(app, "192.0.2.50", forwardedFor: "203.0.113.2").SignInAsync("nobody@example.test", "wrong");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        logs.Lines.ShouldContain(l => l.Message.Contains("from 192.0.2.50"));
    }

    [Fact]
    public async Task AForgedForwardedForFromAnAddressThatIsNotAConfiguredProxyIsIgnored()
    {
        await using var host = new HostFactory();
        await using var app = Behind(host, new CapturedLogs(), ("KnownProxies:0", Proxy), ("KnownNetworks:0", "10.1.0.0/16"));

        (await From(app, "192.0.2.50", forwardedFor: "203.0.113.1").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await From(app, "192.0.2.50", forwardedFor: "203.0.113.2").SignInAsync("nobody@example.test", "wrong");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheClientAddressAConfiguredProxyForwardsIsTheOneTheRateLimitCounts()
    {
        await using var host = new HostFactory();
        var logs = new CapturedLogs();
        await using var app = Behind(host, logs, ("KnownProxies:0", Proxy));

        (await From(app, Proxy, forwardedFor: "203.0.113.1").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await From(app, Proxy, forwardedFor: "203.0.113.2").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await From(app, Proxy, forwardedFor: "203.0.113.1").SignInAsync("nobody@example.test", "wrong");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        logs.Lines.ShouldContain(l => l.Message.Contains("from 203.0.113.1"));
    }

    [Fact]
    public async Task AProxyInAConfiguredNetworkForwardsTheClientAndThatItCameOverHttps()
    {
        await using var host = new HostFactory();
        await using var app = Behind(host, new CapturedLogs(), ("KnownNetworks", "10.1.0.0/16, 198.51.100.0/24"));

        (await From(app, "198.51.100.77", forwardedFor: "203.0.113.9").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await From(app, "198.51.100.78", forwardedFor: "203.0.113.10").SignInAsync("nobody@example.test", "wrong")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var overHttps = From(app, "198.51.100.77", forwardedFor: "203.0.113.11");
        overHttps.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        // Over HTTPS, as the proxy says, the form's antiforgery cookie is sent back only over HTTPS.
        (await overHttps.GetAsync("/Account/Login")).Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Antiforgery.") && c.Contains("secure"));
    }

    [Fact]
    public async Task AForgedForwardedProtoIsIgnoredWhenNoProxyIsConfigured()
    {
        await using var host = new HostFactory();
        await using var app = Behind(host, new CapturedLogs());
        var forged = From(app, "192.0.2.50", forwardedFor: "203.0.113.11");
        forged.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var form = await forged.GetAsync("/Account/Login");

        form.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Antiforgery."));
        form.Headers.GetValues("Set-Cookie").ShouldNotContain(c => c.Contains("secure"));
    }

    [Fact]
    public void AProxyThatIsNotAnAddressStopsTheNodeFromStartingAndSaysWhich()
    {
        using var host = new HostFactory();
        using var app = Behind(host, new CapturedLogs(), ("KnownProxies:0", "nginx.internal"));

        var refused = Should.Throw<Exception>(() => app.Services);

        refused.ToString().ShouldContain("'nginx.internal' is not an IP address");
    }

    private static WebApplicationFactory<Program> Behind(HostFactory host, CapturedLogs logs, params (string Key, string Value)[] settings) =>
        host.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:PerClient:PermitLimit", "1");
            b.UseSetting("RateLimits:PerClient:WindowSeconds", "60");
            foreach (var (key, value) in settings)
            {
                b.UseSetting($"ForwardedHeaders:{key}", value);
            }
            b.ConfigureLogging(l => l.AddProvider(logs));
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFromHeader()));
        });

    private static HttpClient From(WebApplicationFactory<Program> app, string address, string forwardedFor)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
