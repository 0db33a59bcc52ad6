using System.Text.Json;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Data.Identity;
using Platform.Core.Messaging;
using Platform.Web.Messaging;
using Platform.Tests.Support;
using Platform.Core.Tenancy;

namespace Platform.Tests.Web;

/// <summary>Signed-in users over plain HTTP try to reach what is not theirs: another tenant, another location, staff tools.</summary>
public sealed partial class SignedInHttpTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task AGymOwnerSeesTheGymsLocationsAndNotTheClinics()
    {
        var client = await SignInAsync("owner@northside.test");

        var page = await client.GetStringAsync("/merchant/locations");

        page.ShouldContain("Downtown");
        page.ShouldContain("Riverside");
        page.ShouldNotContain("Harbor Street");
    }

    [Fact]
    public async Task StaffRestrictedToOneLocationDoNotSeeTheOther()
    {
        var client = await SignInAsync("staff@northside.test");

        var page = await client.GetStringAsync("/merchant/locations");

        page.ShouldContain("Riverside");
        page.ShouldNotContain("Downtown");
    }

    [Fact]
    public async Task SwitchingToAnOrganizationYouDoNotBelongToIsRefusedAndChangesNothing()
    {
        var client = await SignInAsync("owner@northside.test");
        var clinic = await OrganizationIdAsync("harbor-clinic");

        var response = await PostFormAsync(client, "/merchant", "/Account/SwitchOrganization", new() { ["organizationId"] = clinic.ToString() });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        var page = await client.GetStringAsync("/merchant/locations");
        page.ShouldContain("Downtown");
        page.ShouldNotContain("Harbor Street");
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/organizations")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/outbox/any.eml/download")]
    [InlineData("/admin/reports")]
    [InlineData("/admin/payouts")]
    [InlineData("/admin/payouts/00000000-0000-0000-0000-000000000001.pdf")]
    [InlineData("/admin/reports/2026-11.csv")]
    public async Task MerchantsAndDonorsCannotReachStaffTools(string path)
    {
        foreach (var email in new[] { "owner@northside.test", "donor@example.test" })
        {
            var client = await SignInAsync(email);

            var response = await client.GetAsync(path);

            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{email} on {path}");
            response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        }
    }

    [Fact]
    public async Task ADonorWithoutAMembershipCannotOpenTheMerchantPortal()
    {
        var client = await SignInAsync("donor@example.test");

        var response = await client.GetAsync("/merchant/locations");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task StaffReadAnOutboxMessageBodyInASandboxWithoutScript()
    {
        var unique = $"Sandbox check {Guid.NewGuid():N}";
        await factory.Services.GetRequiredService<IEmailSender>()
            .SendAsync(new EmailMessage("someone@example.test", unique, "<p>Hello</p><script>alert(1)</script>"));
        var id = factory.Services.GetRequiredService<Outbox>().List(unique).Single().Id;
        var client = await SignInAsync("admin@platform.test");

        var response = await client.GetAsync($"/admin/outbox/{id}/body");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("sandbox;");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<p>Hello</p>");
    }

    [Fact]
    public async Task StaffImpersonateAMerchantEveryActionNamesThemAndStoppingRestoresTheirOwnAccess()
    {
        var admin = await SignInAsync("admin@platform.test");
        var (ownerId, adminId) = (await UserIdAsync("owner@northside.test"), await UserIdAsync("admin@platform.test"));
        var gym = await OrganizationIdAsync("northside-fitness");

        var started = await PostFormAsync(admin, $"/admin/users/{ownerId}", $"/admin/users/{ownerId}/impersonate");
        started.Headers.Location!.ToString().ShouldBe("/");

        var merchant = await admin.GetStringAsync("/merchant/locations");
        merchant.ShouldContain("on behalf of admin@platform.test");
        merchant.ShouldContain("Downtown");
        (await admin.GetAsync("/admin")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");

        // An action taken while impersonating is recorded with the staff member behind it, and the cookie keeps saying so.
        (await PostFormAsync(admin, "/merchant", "/Account/SwitchOrganization", new() { ["organizationId"] = gym.ToString() }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync("/merchant")).ShouldContain("on behalf of admin@platform.test");
        var switched = (await LatestAuditAsync(AuditActions.OrganizationSwitched, ownerId))!;
        switched.ImpersonatorId.ShouldBe(adminId);

        var stopped = await PostFormAsync(admin, "/merchant", "/Account/StopImpersonating");
        stopped.Headers.Location!.ToString().ShouldBe($"/admin/users/{ownerId}");
        (await admin.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LatestAuditAsync(AuditActions.ImpersonationStarted, adminId))!.Detail.ShouldBe("as owner@northside.test");
        (await LatestAuditAsync(AuditActions.ImpersonationEnded, adminId))!.Detail.ShouldBe("as owner@northside.test");
    }

    [Fact]
    public async Task StaffOpenEveryOrganizationsPayoutsAndAMissingStatementIsNotFound()
    {
        var admin = await SignInAsync("admin@platform.test");
        var page = await admin.GetAsync("/admin/payouts");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("weekly payouts, newest first");
        (await admin.GetAsync($"/admin/payouts/{Guid.NewGuid()}.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACreatorOpensTheirPayoutsAndAnotherStudiosStatementIsNotFound()
    {
        var creator = await SignInAsync("creator@example.test");
        (await creator.GetAsync("/creator/payouts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await creator.GetAsync($"/creator/payouts/{Guid.NewGuid()}.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StaffAccountsCannotBeImpersonatedAndMerchantsCannotImpersonateAtAll()
    {
        var admin = await SignInAsync("admin@platform.test");
        var support = await UserIdAsync("support@platform.test");
        (await PostFormAsync(admin, $"/admin/users/{support}", $"/admin/users/{support}/impersonate"))
            .Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        (await admin.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var owner = await SignInAsync("owner@northside.test");
        var donor = await UserIdAsync("donor@example.test");
        (await PostFormAsync(owner, "/merchant", $"/admin/users/{donor}/impersonate"))
            .Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task OwnersDownloadAnyMonthsReportAsCsvAndAMalformedMonthIsABadRequest()
    {
        var owner = await SignInAsync("owner@openhands.test");
        (await owner.GetStringAsync("/merchant/reports")).ShouldContain("Reports sent");

        // The demo organization begins today, so this month (in its zone) is the one month of its life so far.
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).ToString("yyyy-MM");
        var csv = await owner.GetAsync($"/merchant/reports/{month}.csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName.ShouldBe($"report-{month}.csv");
        (await csv.Content.ReadAsByteArrayAsync())[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }); // UTF-8 mark for spreadsheets
        (await csv.Content.ReadAsStringAsync()).ShouldStartWith("Section,Item,Currency,Count,Amount");

        var bad = await owner.GetAsync("/merchant/reports/2026-13.csv");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("yyyy-MM");
        (await owner.GetAsync("/merchant/reports/2026-11.xls")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await owner.GetAsync("/merchant/reports/9999-12.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // after the organization's life
        (await owner.GetAsync("/merchant/reports/2001-01.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // before it
        var admin = await SignInAsync("admin@platform.test");
        (await admin.GetAsync("/admin/reports/9999-12.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/admin/reports/99999-1.csv")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await owner.GetAsync($"/merchant/reports/issued/{Guid.NewGuid()}.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var staff = await SignInAsync("staff@northside.test");
        (await staff.GetAsync("/merchant/reports/2026-11.csv")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task ADonorFiltersTheirGiftsByStatusAndYearAndABadFilterIsABadRequestForTheCsv()
    {
        var donor = await SignInAsync("donor@example.test");
        var year = DateTime.UtcNow.Year;

        (await donor.GetAsync("/donor/donations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await donor.GetAsync($"/donor/donations?status=Succeeded&year={year}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await donor.GetAsync("/donor/donations?status=nonsense&year=abc")).StatusCode.ShouldBe(HttpStatusCode.OK); // filters nothing

        var csv = await donor.GetStringAsync($"/donor/donations.csv?year={year}&status=Succeeded");
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4); // a header and the donor's three gifts
        (await donor.GetStringAsync("/donor/donations.csv?year=&status=")).ShouldContain("Open Hands Foundation");
        (await donor.GetStringAsync($"/donor/donations.csv?year={year - 1}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
        var bad = await donor.GetAsync("/donor/donations.csv?status=Lost");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("PartiallyRefunded");
    }

    [Fact]
    public async Task OwnersSeeTheirPayoutsPageAndStaffMembersAreRefusedIt()
    {
        var owner = await SignInAsync("owner@openhands.test");
        var page = await owner.GetStringAsync("/merchant/payouts");
        page.ShouldContain("Jobs run for your organization");
        page.ShouldContain("held for 30 days");

        var staff = await SignInAsync("staff@northside.test");
        (await staff.GetAsync("/merchant/payouts")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task AOneClickLinkFromAMonthlyGiftEmailAsksFirstThenActsWithoutSignInAndABadLinkDoesNothing()
    {
        var giftId = await factory.Services.ReadAllAsync(db => db.RecurringGifts
            .Where(r => r.DonorEmail == "donor@example.test" && r.Status == RecurringStatus.Active).Select(r => r.Id).FirstAsync());
        var pause = factory.Services.GetRequiredService<IAppLinks>().RecurringAction(giftId, RecurringAction.Pause);
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = new Uri(pause).PathAndQuery;

        var question = await anonymous.GetStringAsync(path);
        question.ShouldContain("Pause your monthly gift?");
        (await StatusOfAsync(giftId)).ShouldBe(RecurringStatus.Active); // opening the link changes nothing

        var confirmed = await PostFormAsync(anonymous, path, path, new() { ["_handler"] = "recurring-link" });
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("is now paused");
        (await StatusOfAsync(giftId)).ShouldBe(RecurringStatus.Paused);

        var forged = await anonymous.GetStringAsync(path[..^4] + "AAAA");
        forged.ShouldContain("This link has expired or is not valid");
    }

    [Fact]
    public async Task PasskeyCeremoniesStartOnlyFromTheSitesOwnFormsAndNeverForSomeoneStaffAreActingAs()
    {
        // Signing in: the options name no account, so they say nothing about who has one.
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.PostAsync("/Account/Passkey/RequestOptions", new FormUrlEncodedContent([])))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var request = await PostFormAsync(anonymous, "/Account/Login", "/Account/Passkey/RequestOptions");
        request.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var options = JsonDocument.Parse(await request.Content.ReadAsStringAsync()))
        {
            options.RootElement.GetProperty("challenge").GetString().ShouldNotBeNullOrEmpty();
            (options.RootElement.TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0).ShouldBe(0);
        }

        // Adding: a name first, then options for the signed-in user, always discoverable and user-verified.
        var donor = await SignInAsync("donor@example.test");
        var unnamed = await PostFormAsync(donor, "/donor", "/Account/Passkey/CreationOptions");
        unnamed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unnamed.Content.ReadAsStringAsync()).ShouldContain("Give the passkey a name");
        var creation = await PostFormAsync(donor, "/donor", "/Account/Passkey/CreationOptions", new() { ["Input.Name"] = "Phone" });
        creation.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var options = JsonDocument.Parse(await creation.Content.ReadAsStringAsync()))
        {
            options.RootElement.GetProperty("user").GetProperty("name").GetString().ShouldBe("donor@example.test");
            options.RootElement.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString().ShouldBe("required");
            options.RootElement.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString().ShouldBe("required");
        }

        // Staff acting as the donor cannot give themselves a way into the donor's account.
        var admin = await SignInAsync("admin@platform.test");
        var donorId = await UserIdAsync("donor@example.test");
        await PostFormAsync(admin, $"/admin/users/{donorId}", $"/admin/users/{donorId}/impersonate");
        (await PostFormAsync(admin, "/donor", "/Account/Passkey/CreationOptions", new() { ["Input.Name"] = "Staff key" }))
            .Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        (await admin.GetStringAsync("/Account/Manage/Passkeys")).ShouldContain("You are signed in as someone else");
        (await admin.GetStringAsync("/Account/Manage/TwoFactor")).ShouldContain("You are signed in as someone else");
    }

    private Task<RecurringStatus> StatusOfAsync(Guid giftId) =>
        factory.Services.ReadAllAsync(db => db.RecurringGifts.Where(r => r.Id == giftId).Select(r => r.Status).SingleAsync());

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action,
        Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = AntiforgeryToken(await client.GetStringAsync(formPage)) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task StaffOpeningAToolThatSpansOrganizationsIsWrittenToTheAuditLogWithTheReason()
    {
        var admin = await SignInAsync("admin@platform.test");
        var adminId = await UserIdAsync("admin@platform.test");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        (await admin.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        AuditEntry? lift;
        while ((lift = await LatestAuditAsync(AuditActions.TenantFiltersLifted, adminId)) is null || lift.At < since)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the lift's audit entry is written within seconds");
            await Task.Delay(100);
        }
        lift.Detail.ShouldBe("staff: dashboard counts");
        lift.UserName.ShouldBe("admin@platform.test");
    }

    [Fact]
    public async Task ADonorReadingTheirOwnGiftsLeavesNoLiftInTheAuditLog()
    {
        var donor = await SignInAsync("donor@example.test");
        var donorId = await UserIdAsync("donor@example.test");

        (await donor.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(500);

        (await LatestAuditAsync(AuditActions.TenantFiltersLifted, donorId)).ShouldBeNull();
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<AuditEntry?> LatestAuditAsync(string action, Guid userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return (await db.AuditEntries.Where(a => a.Action == action && a.UserId == userId).ToListAsync()).MaxBy(a => a.At);
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await PostFormAsync(client, "/Account/Login", "/Account/Login", new()
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = "Demo!pass1",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {email}");
        response.Headers.Location!.ToString().ShouldNotContain("/Account/Login");
        return client;
    }

    private async Task<Guid> OrganizationIdAsync(string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().WritingAcrossTenants("test arrangement");
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
    }

    private static string AntiforgeryToken(string html) =>
        TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenField();
}
