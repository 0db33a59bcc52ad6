using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Tests.Web;

/// <summary>The real host on a throwaway SQLite database with the demo seed.</summary>
public class HostFactory : WebApplicationFactory<Program>
{
    public const string WebhookSecret = "web-tests-webhook-secret";

    private readonly string _folder = Directory.CreateTempSubdirectory("platform-web-").FullName;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_folder, "web.db")};Pooling=False");
        builder.UseSetting("Email:OutboxPath", Path.Combine(_folder, "mail"));
        builder.UseSetting("Gateway:JournalPath", Path.Combine(_folder, "gateway.jsonl"));
        // Every request checks the cookie's security stamp, so a session ended is refused at once.
        builder.UseSetting("Identity:SessionCheckSeconds", "0");
        builder.UseSetting("Gateway:WebhookSecret", WebhookSecret);
        // The suite signs in hundreds of times from one address; the tests of the limits set their own.
        foreach (var rule in new[] { "PerClient", "PerAccount", "SignInEmails" })
        {
            builder.UseSetting($"RateLimits:{rule}:PermitLimit", "100000");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Called by both Dispose and DisposeAsync.
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

public sealed class HostTests(HostFactory factory) : IClassFixture<HostFactory>
{
    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task ServesTheFrameworksOwnBlazorScript()
    {
        var response = await Client().GetAsync("/_framework/blazor.web.js");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var script = await response.Content.ReadAsStringAsync();
        script.Length.ShouldBeGreaterThan(100_000);
        script.ShouldContain("Blazor");
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/merchant")]
    [InlineData("/donor")]
    [InlineData("/admin/outbox/x.eml/download")]
    public async Task AnonymousVisitorsAreSentToSignIn(string path)
    {
        var response = await Client().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task LandingAndSignInPagesRenderWithTheMudBlazorAssets()
    {
        var client = Client();

        var landing = await client.GetStringAsync("/");
        landing.ShouldContain("Run a business or charity");
        landing.ShouldContain("_content/MudBlazor/MudBlazor.min");
        (await client.GetStringAsync("/Account/Login")).ShouldContain("Email me a sign-in link instead");
        (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
