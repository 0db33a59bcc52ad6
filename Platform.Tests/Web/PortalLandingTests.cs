using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Identity;
using Platform.Web.Identity;

namespace Platform.Tests.Web;

/// <summary>Signing in with no page to return to opens the person's own portal: the one they last used, if still theirs.</summary>
public sealed class PortalLandingTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task SigningInWithoutAReturnAddressGoesToThePortalLanding()
    {
        var client = factory.NewClient();

        var signedIn = await client.SignInAsync("creator@example.test");

        signedIn.Headers.Location!.PathAndQuery().ShouldBe("/portal");
    }

    [Fact]
    public async Task SigningInToReturnToAPageStillGoesToThatPage()
    {
        var client = factory.NewClient();

        var signedIn = await client.PostFormAsync("/Account/Login?returnUrl=%2Fdonor%2Frecurring", "/Account/Login?returnUrl=%2Fdonor%2Frecurring", new()
        {
            ["_handler"] = "login", ["Input.Email"] = "creator@example.test", ["Input.Password"] = "Demo!pass1",
        });

        signedIn.Headers.Location!.PathAndQuery().ShouldBe("/donor/recurring");
    }

    [Theory]
    [InlineData("owner@harborclinic.test", "merchant", "/merchant")]
    [InlineData("support@platform.test", "admin", "/admin")]
    [InlineData("owner@harborclinic.test", "donor", "/donor")]
    public async Task ThePortalLandingOpensTheLastPortalUsed(string email, string portal, string expected)
    {
        await RememberAsync(email, portal);
        var client = await factory.SignedInClientAsync(email);

        var landing = await client.GetAsync("/portal");

        landing.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        landing.Headers.Location!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("donor@example.test", "merchant")] // no membership: the merchant portal would refuse them
    [InlineData("donor@example.test", "admin")]
    [InlineData("creator@example.test", null)]
    public async Task ThePortalLandingSendsThoseWithNoPortalToOpenToTheStartPage(string email, string? portal)
    {
        await RememberAsync(email, portal);
        var client = await factory.SignedInClientAsync(email);

        var landing = await client.GetAsync("/portal");

        landing.Headers.Location!.ToString().ShouldBe("/start");
    }

    [Fact]
    public async Task ThePortalLandingAsksStrangersToSignIn()
    {
        var landing = await factory.NewClient().GetAsync("/portal");

        landing.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task OpeningAPortalIsRememberedOnTheAccount()
    {
        var client = await factory.SignedInClientAsync("studio@example.test");
        var user = await factory.Services.UserAsync("studio@example.test");
        var principal = await PrincipalAsync(user);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalMemory>().RememberAsync(principal, "Creator");
        }

        (await factory.Services.UserAsync("studio@example.test")).LastPortal.ShouldBe("creator");
        (await client.GetAsync("/portal")).Headers.Location!.ToString().ShouldBe("/creator");
    }

    private async Task RememberAsync(string email, string? portal)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.LastPortal = portal;
        (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(PlatformUser user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PlatformUser>>().CreateAsync(user);
    }
}

internal static class RedirectLocation
{
    /// <summary>A redirect's target as a site path, whether the header carries it absolute or relative.</summary>
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.ToString();
}
