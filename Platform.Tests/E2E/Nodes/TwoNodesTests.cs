using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MySql.Data.MySqlClient;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Jobs;
using Platform.Core.Messaging;
using Platform.Core.Ledger;
using Platform.Core.Payouts;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Jobs;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.E2E.Nodes;

/// <summary>
/// Two real nodes on one MariaDB database, Redis between them, nginx in front. Scenarios about jobs across nodes (each
/// recurring occurrence run once, a node killed mid payout run) belong here too, on the same fixture.
/// </summary>
[Collection(TwoNodesCollection.Name)]
public sealed class TwoNodesTests(TwoNodes deployment) : IClassFixture<TwoNodes>
{
    private static readonly string Screens = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "platform-nodes-screens")).FullName;

    [Fact]
    public async Task APersonSignedInThroughNginxKeepsWorkingWhenTheNextRequestLandsOnTheOtherNode()
    {
        var page = await deployment.NewPageAsync();
        var form = await page.GotoAsync("/Account/Login?returnUrl=%2Fdonor");
        var first = deployment.NodeOn(Nginx.NodePortOf(form!.Headers));
        var other = deployment.Other(first);
        form.Headers["server"].ShouldBe("nginx", "nginx names no version");
        // Sticky: the cookie nginx gave this browser keeps it on one node.
        for (var i = 0; i < 4; i++)
        {
            var again = await page.Context.APIRequest.GetAsync("/Account/Login");
            Nginx.NodePortOf(again.Headers).ShouldBe(first.Port);
        }

        // The form came from one node; from here on nginx knows only the other, which checks the form's antiforgery
        // token, issues the sign-in cookie and serves the portal with the key ring both read from the database.
        try
        {
            await deployment.Proxy.PointAtAsync(other);
            await page.GetByLabel("Email").FillAsync("donor@example.test");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Browser.DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/donor$"));
            await page.WaitForCircuitAsync();
            await page.ExpectHeadingAsync("Your giving");
            var portal = await page.ReloadAsync();
            Nginx.NodePortOf(portal!.Headers).ShouldBe(other.Port);
            await page.WaitForCircuitAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "signed-in-through-nginx.png") });
        }
        finally
        {
            await deployment.Proxy.PointAtAsync([.. deployment.Nodes]);
        }

        // The same cookie on the node that never saw the sign-in: still signed in, the portal's circuit live there.
        await page.GotoAsync($"{first.Url}/donor/donations");
        await page.WaitForCircuitAsync();
        await page.ExpectHeadingAsync("Your gifts");
        await Expect(page.GetByText(new Regex(@"^R-\d{4}-\d{6}$")).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "same-cookie-other-node.png") });
    }

    [Fact]
    public async Task AJourneyStepStaffSaveOnOneNodeShowsLiveOnTheDonorsPageOpenOnTheOther()
    {
        var donor = await deployment.NewPageAsync();
        await donor.SignInAsync("donor@example.test", returnUrl: "/donor/donations");
        await donor.GotoAsync($"{deployment.B.Url}/donor/donations");
        await donor.WaitForCircuitAsync();
        await donor.GetByRole(AriaRole.Link, new() { Name = "Allocated" }).First.ClickAsync();
        await donor.WaitForURLAsync(new Regex("/donor/donations/[0-9a-f-]+$"));
        await donor.WaitForCircuitAsync();
        var receipt = Regex.Match(await donor.GetByText(new Regex(@"receipt R-\d{4}-\d{6}")).InnerTextAsync(), @"R-\d{4}-\d{6}").Value;
        await Expect(donor.Locator("[aria-current=step]")).ToHaveTextAsync("Allocated");
        donor.Url.ShouldStartWith(deployment.B.Url);

        var staff = await deployment.NewPageAsync();
        await staff.GotoAsync($"{deployment.A.Url}/Account/Login?returnUrl=%2Fmerchant%2Fjourneys");
        await staff.GetByLabel("Email").FillAsync("owner@openhands.test");
        await staff.GetByLabel("Password", new() { Exact = true }).FillAsync(Browser.DemoPassword);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await staff.WaitForURLAsync(new Regex("/merchant/journeys$"));
        await staff.WaitForCircuitAsync();
        staff.Url.ShouldStartWith(deployment.A.Url);
        await staff.GetByRole(AriaRole.Button, new() { Name = $"Move {receipt}" }).ClickAsync();
        var note = $"Bought on node A, seen on node B ({Guid.NewGuid():N}).";
        await staff.GetByLabel("Note for the donor").FillAsync(note);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save step" }).ClickAsync();
        await Expect(staff.GetByText($"{receipt} is now Purchased.")).ToBeVisibleAsync();

        // No reload: the event crossed from A to B through Redis and B's circuit re-rendered the page.
        await Expect(donor.GetByTestId("journey-timeline")).ToContainTextAsync(note);
        await Expect(donor.Locator("[aria-current=step]")).ToHaveTextAsync("Purchased");
        await donor.ScreenshotAsync(new() { Path = Path.Combine(Screens, "journey-live-on-node-b.png"), FullPage = true });
    }
    [Fact]
    public async Task EachOccurrenceOfARecurringJobRunsOnceWhileBothNodesProcessJobs()
    {
        // The fixture schedules the ledger check every minute on both nodes; each node's Hangfire server sees each
        // occurrence fall due, and only one may enqueue it.
        await deployment.StartStoppedNodesAsync();
        var since = DateTime.UtcNow;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2.6);
        List<(DateTime ScheduledFor, string Node, string Status)> runs = [];
        while (DateTime.UtcNow < deadline)
        {
            runs = (await RunsAsync(JobCatalog.LedgerCheck)).Where(r => r.ScheduledFor >= since).ToList();
            if (runs.Select(r => r.ScheduledFor).Distinct().Count() >= 2 && runs.All(r => r.Status != nameof(RunStatus.Running)))
            {
                break;
            }
            await Task.Delay(1000);
        }
        // A second enqueue of the same occurrence would start within the polling interval of the other node.
        await Task.Delay(TimeSpan.FromSeconds(5));
        runs = (await RunsAsync(JobCatalog.LedgerCheck)).Where(r => r.ScheduledFor >= since).ToList();

        deployment.Nodes.ShouldAllBe(n => n.Running);
        runs.Select(r => r.ScheduledFor).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2, "two occurrences fell due in the wait");
        runs.Count.ShouldBe(runs.Select(r => r.ScheduledFor).Distinct().Count(),
            "one run per occurrence: " + string.Join("; ", runs.Select(r => $"{r.ScheduledFor:HH:mm:ss} on {r.Node} {r.Status}")));
        runs.ShouldAllBe(r => r.Status == nameof(RunStatus.Succeeded));
    }

    [Fact]
    public async Task APayoutRunWhoseNodeIsKilledMidwayIsFinishedByTheOtherNodePayingEachPayeeOnce()
    {
        const int PayeeCount = 500;
        await deployment.StartStoppedNodesAsync();
        await using var services = DatabaseServices();
        var payees = await ArrangePayeesAsync(services, PayeeCount);
        var period = PayoutService.PeriodBefore(DateTimeOffset.UtcNow);
        try
        {
            // Only node A processes jobs when the run is asked for, so A takes it.
            await deployment.B.StopAsync();
            var since = DateTime.UtcNow;
            var admin = await deployment.NewPageAsync();
            await admin.GotoAsync($"{deployment.A.Url}/Account/Login?returnUrl=%2Fadmin%2Fjobs");
            await admin.GetByLabel("Email").FillAsync("admin@platform.test");
            await admin.GetByLabel("Password", new() { Exact = true }).FillAsync(Browser.DemoPassword);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync(new Regex("/admin/jobs$"));
            await admin.WaitForCircuitAsync();
            await admin.Locator("tr[data-job='payouts']").GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
            await admin.GetByLabel("As of (yyyy-MM-dd)").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
            await admin.ScreenshotAsync(new() { Path = Path.Combine(Screens, "payout-run-asked-on-node-a.png"), FullPage = true });
            await admin.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Region, new() { Name = "Run now" })).ToHaveCountAsync(0);

            // Killed as soon as the run's row shows payees paid, long before all of them are.
            var killed = await WaitForAsync(TimeSpan.FromSeconds(60), async () =>
                (await PayoutRunsAsync(since)).FirstOrDefault(r => r.ItemsDone > 0));
            await deployment.A.KillAsync();
            var atKill = (await PayoutRunsAsync(since)).Single();
            atKill.Id.ShouldBe(killed.Id);
            atKill.ItemsDone.ShouldBeLessThan(PayeeCount, "the run was killed in the middle of its money pass");
            var killedAt = DateTime.UtcNow;

            // B starts processing; Hangfire hands it the job A fetched once its invisibility timeout has passed.
            await deployment.B.StartAsync();
            // Up to the invisibility timeout and a minute of Hangfire's watcher sleeping, then the run.
            var finished = await WaitForAsync(TimeSpan.FromSeconds(240), async () =>
                (await PayoutRunsAsync(since)).FirstOrDefault(r => r.Status == nameof(RunStatus.Succeeded)), () => PayoutStateAsync(since));
            finished.Node.ShouldNotBe(atKill.Node);
            finished.StartedAt.ShouldBeGreaterThan(killedAt);
            // A died without ending its run; the attempt that took the job over ended it, so nothing stays "running".
            (await PayoutRunsAsync(since)).Single(r => r.Id == atKill.Id).Status.ShouldBe(nameof(RunStatus.Failed), "ended by the attempt that took over");

            await using var scope = services.CreateAsyncScope();
            var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
            using (tenant.AcrossTenants("test: the payees' payouts and ledger"))
            {
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                var payouts = await db.Payouts.AsNoTracking().Where(p => payees.Contains(p.OrganizationId)).ToListAsync();
                payouts.Count.ShouldBe(PayeeCount, "one payout per payee");
                payouts.Select(p => p.OrganizationId).Distinct().Count().ShouldBe(PayeeCount);
                payouts.ShouldAllBe(p => p.PeriodKey == period.Key && p.Status == PayoutStatus.Paid && p.Net == 100m);
                payouts.ShouldAllBe(p => p.GatewayPayoutId != null);
                payouts.Select(p => p.GatewayPayoutId).Distinct().Count().ShouldBe(PayeeCount, "each payout sent under its own gateway payout");

                var references = payouts.Select(p => p.Reference).ToList();
                var entries = await db.JournalEntries.AsNoTracking().Where(e => references.Contains(e.Reference))
                    .GroupBy(e => e.Reference).Select(g => g.Count()).ToListAsync();
                entries.Count.ShouldBe(PayeeCount, "a payout entry per payee");
                entries.ShouldAllBe(count => count == 1);
                var keys = payees.Select(AccountKeys.Payable).ToList();
                var balances = await db.LedgerAccounts.AsNoTracking().Where(a => keys.Contains(a.Key))
                    .Select(a => db.JournalLines.Where(l => l.AccountId == a.Id).Sum(l => (decimal?)l.Amount) ?? 0m).ToListAsync();
                balances.Count.ShouldBe(PayeeCount);
                balances.ShouldAllBe(b => b == 0m, "each payee's payable balance is paid out in full");
            }
            var report = await scope.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
            report.IsHealthy.ShouldBeTrue(report.ToString());
        }
        finally
        {
            await deployment.StartStoppedNodesAsync();
        }
    }

    /// <summary>Organizations each owed 100.00 in the ledger, as gifts leave them before a payout.</summary>
    private static async Task<List<Guid>> ArrangePayeesAsync(ServiceProvider services, int count)
    {
        var ledger = services.GetRequiredService<LedgerService>();
        await using var scope = services.CreateAsyncScope();
        await ledger.EnsureAccountsAsync(scope.ServiceProvider.GetRequiredService<Platform.Core.Data.IPlatformDbFactory>(),
            [(AccountKeys.GatewayClearing, "USD", null)]);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var orgs = Enumerable.Range(0, count)
            .Select(i => new Organization($"Payee {i}", $"payee-{Guid.NewGuid():N}", OrganizationKind.Gym, DateTimeOffset.UtcNow)).ToList();
        db.Organizations.AddRange(orgs);
        db.LedgerAccounts.AddRange(orgs.Select(o => new LedgerAccount(AccountKeys.Payable(o.Id), "USD", o.Id)));
        await db.SaveChangesAsync();
        foreach (var org in orgs)
        {
            await ledger.PostAsync(db, $"test-sale:{org.Id:N}", "Test sale", org.Id,
                [Posting.Debit(AccountKeys.GatewayClearing, new Money(100m, "USD")), Posting.Credit(AccountKeys.Payable(org.Id), new Money(100m, "USD"), org.Id)]);
        }
        await db.SaveChangesAsync();
        return orgs.Select(o => o.Id).ToList();
    }

    /// <summary>The platform's data services on the deployment's database, as a tool beside the nodes would have them.</summary>
    private ServiceProvider DatabaseServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TestActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<TestActor>());
        services.AddPlatformData(new DatabaseOptions { Provider = DatabaseProvider.MariaDb, ConnectionString = deployment.DatabaseConnectionString, SeedDemoData = false });
        services.AddCoreServices();
        services.AddSingleton<IAppLinks, TestLinks>();
        return services.BuildServiceProvider();
    }

    private sealed record PayoutRun(Guid Id, string Node, string Status, int ItemsDone, DateTime StartedAt);

    private async Task<List<PayoutRun>> PayoutRunsAsync(DateTime since)
    {
        await using var connection = new MySqlConnection(deployment.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT Id, Node, Status, ItemsDone, StartedAt FROM JobRuns WHERE JobKey = @key AND StartedAt >= @since ORDER BY StartedAt", connection);
        command.Parameters.AddWithValue("@key", JobCatalog.Payouts);
        command.Parameters.AddWithValue("@since", since);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<PayoutRun>();
        while (await reader.ReadAsync())
        {
            runs.Add(new PayoutRun(Guid.Parse(reader.GetValue(0).ToString()!), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDateTime(4)));
        }
        return runs;
    }

    private async Task<List<(DateTime ScheduledFor, string Node, string Status)>> RunsAsync(string jobKey)
    {
        await using var connection = new MySqlConnection(deployment.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT ScheduledFor, Node, Status FROM JobRuns WHERE JobKey = @key AND ScheduledFor IS NOT NULL", connection);
        command.Parameters.AddWithValue("@key", jobKey);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(DateTime, string, string)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetDateTime(0), reader.GetString(1), reader.GetString(2)));
        }
        return runs;
    }

    private static async Task<T> WaitForAsync<T>(TimeSpan timeout, Func<Task<T?>> probe, Func<Task<string>>? state = null) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing came within {timeout}." + (state is null ? "" : " " + await state()));
    }

    /// <summary>The payout runs so far and the end of what each node logged, for a wait that ran out.</summary>
    private async Task<string> PayoutStateAsync(DateTime since) =>
        "Runs: " + string.Join("; ", (await PayoutRunsAsync(since)).Select(r => $"{r.Node} {r.Status} {r.ItemsDone} done from {r.StartedAt:HH:mm:ss}"))
        + string.Concat(deployment.Nodes.Select(n => $"\n{n.Name} logged last:\n" + string.Join("\n", n.Output.TakeLast(40))));
}

/// <summary>
/// Run alone, after the rest: two app processes, nginx and a payout run printing hundreds of statements take both cores,
/// and the browser tests beside them would be timed on a starved machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoNodesCollection
{
    public const string Name = "two nodes";
}
