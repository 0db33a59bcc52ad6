using System.Net;
using Platform.Web.Security;

namespace Platform.Tests.Web;

/// <summary>Every response carries the security headers; HTTPS adds HSTS and secure cookies.</summary>
public sealed class SecurityHeadersTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/app.css")]
    [InlineData("/admin")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        var response = await factory.NewClient().GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        csp.ShouldContain("frame-ancestors 'self'");
        csp.ShouldContain("script-src 'self';");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        response.Headers.GetValues("Permissions-Policy").Single().ShouldContain("camera=()");
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse(); // plain HTTP
    }

    [Fact]
    public async Task OverHttpsTheSiteAsksForHttpsAlwaysAndItsCookiesAreSecure()
    {
        var client = factory.NewClient();
        client.BaseAddress = new Uri("https://platform.example");

        var signedIn = await client.SignInAsync("donor@example.test");

        signedIn.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=31536000");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.auth="));
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
    }
}
