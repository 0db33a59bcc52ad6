using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Tests.Support;
using Platform.Web.Jobs;
using Xunit.Abstractions;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>
/// Every page the app maps, opened in the browser on a server database (MariaDB, or PostgreSQL: see WalkLiveApp) as each demo role it belongs to, and refused to one that
/// must not reach it. A page fails the walk on a 5xx, the error UI, a console error, an error in the app's log, or an
/// empty state over rows the demo data holds. Screenshots of the first pages of each role go to the temp folder.
/// </summary>
[Collection(WalkCollection.Name)]
public sealed class PageWalkTests(WalkLiveApp app, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ScreenshotsPerRole = 3;
    private const int Concurrency = 3;
    private static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "page-walk")).FullName;

    public async Task InitializeAsync() => await EnsureAJobRanAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryPageOpensForEachRoleWithoutErrorsAndListsWhatTheDataHolds()
    {
        var timer = Stopwatch.StartNew();
        var routes = await WalkedRoutes.ReadAsync(app.Services);
        // Roles walk side by side (each in its own browser context): most of a page's time is waiting on the circuit.
        using var turns = new SemaphoreSlim(Concurrency);
        var walks = await Task.WhenAll(WalkRole.All.Select(async role =>
        {
            await turns.WaitAsync();
            try
            {
                return await WalkAsync(role, routes);
            }
            finally
            {
                turns.Release();
            }
        }));
        foreach (var walk in walks)
        {
            output.WriteLine(walk.Summary);
        }
        output.WriteLine($"{walks.Sum(w => w.Pages)} pages walked in {timer.Elapsed.TotalSeconds:0.0} s");

        walks.ShouldAllBe(w => w.Pages > 0);
        walks.SelectMany(w => w.Problems).ShouldBeEmpty();
    }

    private async Task<RoleWalk> WalkAsync(WalkRole role, IReadOnlyList<WalkedRoute> routes)
    {
        var timer = Stopwatch.StartNew();
        var principal = await role.PrincipalAsync(app.Services);
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var visit = await PageVisit.OpenAsync(app, role);
        var walked = 0;
        foreach (var route in routes.Where(role.Owns))
        {
            if (await WalkedRoutes.AddressAsync(app.Services, route) is not var (url, values))
            {
                visit.Problems.Add($"{route}: the walk has no ids for its parameters (add them to {nameof(WalkedRoutes)})");
                continue;
            }
            if (route.Policy is not null && !(await authorization.AuthorizeAsync(principal, null, route.Policy)).Succeeded)
            {
                continue; // inside the role's portal but not for it (staff on payouts): the refusal test covers it
            }
            var screenshot = walked < ScreenshotsPerRole ? Path.Combine(Screenshots, $"{role.Name.Replace(' ', '-')}-{walked}.png") : null;
            await visit.WalkAsync(route, url, Viewer.Of(principal, values), screenshot);
            walked++;
        }
        await visit.Page.Context.CloseAsync();
        return new RoleWalk(walked, visit.Problems, $"{role}: {walked} pages in {timer.Elapsed.TotalSeconds:0.0} s ({string.Join("; ", visit.Timings)})");
    }

    private sealed record RoleWalk(int Pages, IReadOnlyList<string> Problems, string Summary);

    [Fact]
    public async Task EveryPageThatAsksForASignInRefusesARoleThatMustNotReachIt()
    {
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var principals = new Dictionary<WalkRole, System.Security.Claims.ClaimsPrincipal>();
        foreach (var role in WalkRole.All)
        {
            principals[role] = await role.PrincipalAsync(app.Services);
        }
        var requests = new Dictionary<WalkRole, IAPIRequestContext>();
        var problems = new List<string>();
        var refused = 0;
        foreach (var route in (await WalkedRoutes.ReadAsync(app.Services)).Where(r => !r.IsPublic))
        {
            // A signed-in role the policy refuses when there is one (access denied), else a visitor (sent to sign in).
            WalkRole? outsider = null;
            foreach (var role in WalkRole.All)
            {
                if (!(await authorization.AuthorizeAsync(principals[role], null, route.Policy!)).Succeeded)
                {
                    outsider = role;
                    break;
                }
            }
            outsider.ShouldNotBeNull($"no demo role is refused {route}");
            if (await WalkedRoutes.AddressAsync(app.Services, route) is not var (url, _))
            {
                problems.Add($"{route}: the walk has no ids for its parameters");
                continue;
            }
            if (!requests.TryGetValue(outsider, out var request))
            {
                request = requests[outsider] = (await PageVisit.OpenAsync(app, outsider)).Page.Context.APIRequest;
            }
            var response = await request.GetAsync(url, new() { MaxRedirects = 0 });
            var location = response.Headers.GetValueOrDefault("location", "");
            var expected = outsider.Email is null ? "/Account/Login" : "/Account/AccessDenied";
            if (!(response.Status == 404 || (response.Status == 302 && location.Contains(expected, StringComparison.Ordinal))))
            {
                problems.Add($"{outsider} on {url}: answered {response.Status} {location}, not {expected} or not found");
            }
            refused++;
        }
        output.WriteLine($"{refused} pages refused to a role that must not reach them");

        problems.ShouldBeEmpty();
        refused.ShouldBeGreaterThan(20);
    }

    /// <summary>The seed runs no job; the runs pages need one run to list and open.</summary>
    private async Task EnsureAJobRanAsync()
    {
        if (await app.Services.ReadAllAsync(db => db.JobRuns.AnyAsync()))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.As(Platform.Core.Access.PlatformRoles.PlatformAdmin).GetRequiredService<JobDashboard>().TriggerAsync(JobCatalog.LedgerCheck)).Succeeded.ShouldBeTrue();
        var waited = Stopwatch.StartNew();
        while (!await app.Services.ReadAllAsync(db => db.JobRuns.AnyAsync(r => r.EndedAt != null)))
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the ledger check never finished");
            await Task.Delay(200);
        }
    }
}
