using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Data.Identity;
using Platform.Web.Components.Layout;

namespace Platform.Tests.Web;

/// <summary>
/// The public pages are rendered once for every anonymous visitor alike and served from memory until the catalogue
/// changes; what differs per visitor (signed in, the colour scheme) gets its own page.
/// </summary>
public sealed class PublicPageCacheTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/charities")]
    [InlineData("/charities/open-hands")]
    public async Task APublicPageIsRenderedOnceAndServedFromTheCacheToTheNextAnonymousVisitor(string path)
    {
        var first = await factory.NewClient().GetAsync(path);
        var second = await factory.NewClient().GetAsync(path);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Each render writes new component descriptors (random, encrypted), so an identical page is the stored one.
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        second.Headers.Age.ShouldNotBeNull();
    }

    [Fact]
    public async Task TheProgramAndGivePagesAreServedFromTheCacheToo()
    {
        var program = (await OpenProgramAsync()).Id;
        foreach (var path in new[] { $"/programs/{program}", $"/give/{program}" })
        {
            var first = await factory.NewClient().GetStringAsync(path);
            (await factory.NewClient().GetStringAsync(path)).ShouldBe(first, path);
        }
    }

    [Fact]
    public async Task ACachedPageCarriesNoAntiforgeryTokenAndSetsNoCookie()
    {
        var program = (await OpenProgramAsync()).Id;
        foreach (var path in new[] { "/", "/charities", $"/give/{program}" })
        {
            var response = await factory.NewClient().GetAsync(path);

            response.Headers.Contains("Set-Cookie").ShouldBeFalse(path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("__RequestVerificationToken", customMessage: path);
        }
    }

    [Fact]
    public async Task AProgramSavedByItsCharityShowsOnTheNextViewOfTheCachedPage()
    {
        var program = await OpenProgramAsync();
        var before = await factory.NewClient().GetStringAsync("/charities/open-hands");
        before.ShouldContain(WebUtility.HtmlEncode(program.Name));
        (await factory.NewClient().GetStringAsync("/charities/open-hands")).ShouldBe(before); // cached

        var renamed = $"{program.Name} (renamed)";
        await SaveProgramAsync(program, renamed);

        var after = await factory.NewClient().GetStringAsync("/charities/open-hands");
        after.ShouldContain(WebUtility.HtmlEncode(renamed));
    }

    [Fact]
    public async Task ASignedInVisitorNeverGetsTheAnonymousPageButTheirOwnWithTheirAccountMenu()
    {
        var anonymous = await factory.NewClient().GetStringAsync("/charities");
        (await factory.NewClient().GetStringAsync("/charities")).ShouldBe(anonymous); // stored for anonymous visitors
        var donor = await factory.SignedInClientAsync("donor@example.test");

        var page = await donor.GetStringAsync("/charities");

        page.ShouldContain("Account menu");
        page.ShouldContain("donor@example.test");
        page.ShouldNotContain("Create account");
        anonymous.ShouldNotContain("donor@example.test");
        // Their page keeps the antiforgery token the sign-out form needs.
        AccountClient.AntiforgeryToken(page).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task TheDarkAndLightSchemeCookiesEachGetTheirOwnCachedPage()
    {
        var system = await factory.NewClient().GetStringAsync("/charities");
        var dark = await GetWithSchemeAsync("/charities", ColorScheme.Dark);
        var light = await GetWithSchemeAsync("/charities", ColorScheme.Light);

        system.ShouldContain("Switch to dark mode");
        dark.ShouldContain("Switch to light mode");
        light.ShouldContain("Switch to dark mode");
        light.ShouldNotBe(system);
        (await GetWithSchemeAsync("/charities", ColorScheme.Dark)).ShouldBe(dark);
        (await GetWithSchemeAsync("/charities", ColorScheme.Light)).ShouldBe(light);
    }

    private async Task<string> GetWithSchemeAsync(string path, ColorScheme scheme)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"{ColorSchemes.Cookie}={scheme}");
        return await (await factory.NewClient().SendAsync(request)).Content.ReadAsStringAsync();
    }

    private async Task<CharityProgram> OpenProgramAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(await OpenHandsAsync());
        return (await scope.ServiceProvider.GetRequiredService<ProgramService>().ProgramsAsync()).First(p => p.IsOpen);
    }

    private async Task SaveProgramAsync(CharityProgram program, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().ForOrganization(program.OrganizationId);
        var saved = await scope.ServiceProvider.GetRequiredService<ProgramService>().SaveProgramAsync(program.Id,
            new ProgramInput(program.LocationId, name, program.Description, program.GoalAmount, program.Currency,
                program.Region, program.ImageUrl, program.IsOpen));
        saved.Succeeded.ShouldBeTrue();
    }

    private async Task<Guid> OpenHandsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await db.Organizations.Where(o => o.Slug == "open-hands").Select(o => o.Id).SingleAsync();
    }
}
