using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Tests.Support;
using Platform.Web.Identity;

namespace Platform.Tests.Web;

/// <summary>Ending a session ends every copy of it: a cookie taken before is refused after.</summary>
public sealed class SessionTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task ACookieCapturedBeforeSigningOutIsRefusedAfter()
    {
        var (email, key) = await factory.Services.CreateWithTwoFactorAsync("sign-out");
        var jar = new CookieContainer();
        var client = factory.NewClient(jar);
        await client.SignInAsync(email, TwoFactorAccounts.Password);
        await client.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        var captured = factory.NewClient(AccountClient.CopyOf(jar));
        (await captured.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PostFormAsync("/donor", "/Account/Logout")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await captured.GetAsync("/donor")).Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task TurningTwoFactorOffEndsTheAccountsOtherSessions()
    {
        var (email, key) = await factory.Services.CreateWithTwoFactorAsync("2fa-off");
        var (here, elsewhere) = (factory.NewClient(), factory.NewClient());
        await here.SignInAsync(email, TwoFactorAccounts.Password);
        await here.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await elsewhere.SignInAsync(email, TwoFactorAccounts.Password);
        await elsewhere.EnterCodeAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));

        var off = await here.PostFormAsync("/Account/Manage/TwoFactor", "/Account/Manage/TwoFactor", new() { ["_handler"] = "disable" });

        (await off.Content.ReadAsStringAsync()).ShouldContain("Two-factor authentication is off.");
        (await here.GetAsync("/donor")).StatusCode.ShouldBe(HttpStatusCode.OK); // this browser's cookie was re-issued
        (await elsewhere.GetAsync("/donor")).Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task StaffRevokingAnAccountsSessionsSignsItOutEverywhereAndIsAudited()
    {
        var donor = await factory.SignedInClientAsync("creator@example.test");
        var creator = await factory.Services.UserAsync("creator@example.test");
        var admin = await factory.Services.UserAsync("admin@platform.test");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = await PrincipalOfAsync(admin.Email!);
            (await scope.ServiceProvider.GetRequiredService<AccountSessions>().RevokeAllAsync(creator.Id)).Succeeded.ShouldBeTrue();
        }

        (await donor.GetAsync("/creator")).Headers.Location!.ToString().ShouldContain("/Account/Login");
        await using var read = factory.Services.CreateAsyncScope();
        using var _ = read.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var db = await read.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var entry = await db.AuditEntries.Where(a => a.Action == AuditActions.SessionsRevoked).SingleAsync();
        entry.UserId.ShouldBe(admin.Id);
        entry.Detail.ShouldBe("for creator@example.test");
        await factory.SignedInClientAsync("creator@example.test"); // signing in again works
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<Platform.Data.Identity.PlatformUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);
    }
}
