using System.Net;
using Platform.Web.Security;

namespace Platform.Tests.Web;

/// <summary>Every endpoint that changes something refuses a post that did not come from the site's own form.</summary>
public sealed class AntiforgeryTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task ImpersonatingWithoutTheFormsTokenIsRefusedWithAMessageAndChangesNothing()
    {
        var admin = await factory.SignedInClientAsync("admin@platform.test");
        var owner = await factory.Services.UserAsync("owner@northside.test");

        var response = await admin.PostAsync($"/admin/users/{owner.Id}/impersonate", new FormUrlEncodedContent([]));

        await ShouldBeRefusedAsync(response);
        (await admin.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK); // still the admin, not the owner
    }

    [Fact]
    public async Task StoppingAnImpersonationWithoutTheFormsTokenIsRefused()
    {
        var admin = await factory.SignedInClientAsync("admin@platform.test");
        var owner = await factory.Services.UserAsync("owner@northside.test");
        (await admin.PostFormAsync($"/admin/users/{owner.Id}", $"/admin/users/{owner.Id}/impersonate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await admin.PostAsync("/Account/StopImpersonating", new FormUrlEncodedContent([]));

        await ShouldBeRefusedAsync(response);
        (await admin.GetStringAsync("/merchant")).ShouldContain("on behalf of admin@platform.test");
    }

    [Theory]
    [InlineData("/Account/Logout")]
    [InlineData("/Account/SwitchOrganization")]
    [InlineData("/Account/Passkey/CreationOptions")]
    [InlineData("/Account/Passkey/RequestOptions")]
    public async Task AccountEndpointsAnswerAPostWithoutTheFormsTokenWithABadRequestNotAnError(string path)
    {
        var owner = await factory.SignedInClientAsync("owner@northside.test");

        var response = await owner.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/",
            ["organizationId"] = Guid.NewGuid().ToString(),
            ["Input.Name"] = "Phone",
        }));

        await ShouldBeRefusedAsync(response);
        (await owner.GetAsync("/merchant")).StatusCode.ShouldBe(HttpStatusCode.OK); // still signed in
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(AntiforgeryCheck.Refused);
    }
}
