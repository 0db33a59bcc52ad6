using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Hangfire;
using Platform.Web.Jobs;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Messaging;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Core.Documents;
using Platform.Web.Documents;
using Platform.Web.Messaging;

// bench donations [sqlite|postgres|mariadb] [count] [workers]
//   Records gifts through the service layer exactly as the app does (validation, pending donation, card charge,
//   gateway confirmation with receipt number, ledger entry and journey step), [workers] donors at once, each giving
//   again as soon as its gift is confirmed; then checks the ledger. Measured after a warm-up of half as many gifts.
// bench payouts [sqlite|postgres|mariadb] [payees] [workers] [smtp-port] [--with-statements]
//   Gives [payees] organizations a balance owed in the ledger, then times the payout run's money pass (book reserve,
//   payout row and entries for a batch of payees per transaction, send through the gateway); statements are the PDF pipeline's.
// bench payouts [postgres|mariadb] [payees] --on-hangfire
//   The same run as the app runs it: the payouts job queued on Hangfire (PostgreSQL's storage beside PostgreSQL, Redis
//   beside MariaDB), picked up by a Hangfire server, recorded in JobRuns; timed from the enqueue until the run's log
//   says the money pass is done (the statements after it are the PDF pipeline's, measured by `statements`).
// bench hangfire [sqlite|postgres|redis] [jobs] [workers]
//   Hangfire jobs per second of a trivial job on each storage, built as the app builds it (JobStorageFactory): [jobs]
//   enqueued first, then one server with [workers] workers processes them; timed from its start to the last job.
// bench statements [sqlite|postgres] [donors] [pages] [smtp-port] [donors-at-once]
//   Gives every donor two tax-deductible gifts, then issues the year's statements: each rendered from its Razor
//   template, printed to PDF by headless Chromium with [pages] tabs, stored with its hash, and emailed with the PDF
//   attached to the SMTP server on [smtp-port].
var statementsToo = args.Contains("--with-statements");
var onHangfire = args.Contains("--on-hangfire");
args = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var mode = args.ElementAtOrDefault(0) ?? "donations";
var provider = args.ElementAtOrDefault(1) ?? "sqlite";
var count = int.Parse(args.ElementAtOrDefault(2) ?? (mode == "statements" ? "1000" : "5000"));
var workers = int.Parse(args.ElementAtOrDefault(3) ?? (mode switch { "statements" => "2", "donations" => "64", _ => "4" }));
var smtpPort = int.Parse(args.ElementAtOrDefault(4) ?? "2527");
var donorsAtOnce = int.Parse(args.ElementAtOrDefault(5) ?? new GivingOptions().StatementWorkers.ToString());

if (mode == "hangfire")
{
    var (storeOptions, dropStore) = await DatabaseAsync(provider == "redis" ? "sqlite" : provider);
    try
    {
        return HangfireBench(provider, storeOptions, count, int.Parse(args.ElementAtOrDefault(3) ?? "10"));
    }
    finally
    {
        await dropStore();
    }
}
var (options, cleanup) = await DatabaseAsync(provider);
var collection = new ServiceCollection();
collection
    .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .AddPlatformData(options)
    .AddSingleton<TimeProvider>(new BenchClock())
    .AddCoreServices()
    .AddSingleton<IAppLinks, BenchLinks>();
if (mode is "statements" or "payouts")
{
    // The app's own document printer and mailer, with a real SMTP server on the other end.
    collection.Configure<EmailOptions>(o => (o.SmtpHost, o.SmtpPort, o.From) = ("127.0.0.1", smtpPort, "Bench <bench@platform.test>"));
    collection.AddSingleton<IEmailSender, SmtpEmailSender>();
    collection.AddScoped<IMailer, RazorMailer>();
    collection.Configure<DocumentOptions>(o => o.Pages = workers);
    collection.AddSingleton<ChromiumPrinter>();
    collection.AddScoped<DocumentRenderer>();
    collection.AddScoped<IDocumentRenderer>(sp => sp.GetRequiredService<DocumentRenderer>());
    collection.AddSingleton(new GivingOptions { StatementWorkers = donorsAtOnce });
    // The job as Hangfire activates it, for --on-hangfire.
    collection.AddTransient<PayoutsJob>().AddScoped<StaffAlerts>();
}
else
{
    collection.AddSingleton<IMailer, DiscardingMailer>();
}
collection.AddIdentityCore<Platform.Data.Identity.PlatformUser>().AddRoles<Platform.Data.Identity.PlatformRole>()
    .AddEntityFrameworkStores<PlatformDbContext>();
var services = collection.BuildServiceProvider();
try
{
    await using (var scope = services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
    }
    // The data layer's background work runs as in the app (SQLite's checkpoints).
    foreach (var background in services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
    {
        await background.StartAsync(CancellationToken.None);
    }
    var programId = await ArrangeAsync(services);
    var gateway = services.GetRequiredService<SimulatedGateway>();
    if (mode == "statements")
    {
        return await StatementsAsync(services, gateway, programId, donors: count);
    }
    if (mode == "payouts" && onHangfire)
    {
        return await PayoutsOnHangfireAsync(services, provider, options, payees: count);
    }
    if (mode == "payouts")
    {
        return await PayoutsAsync(services, payees: count, statementsToo);
    }

    // Warm up as a server is after its first minute (JIT tiers settled, pools and caches filled), then measure.
    var per = count / workers;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => GiveAsync(services, gateway, programId, 1_000_000_000 + 1_000_000 * w, per / 2))));
    var warmedUp = per / 2 * workers;
    Timing.Give = Timing.Apply = 0;
    var writtenBefore = services.GetRequiredService<GiftWriter>().Written;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => GiveAsync(services, gateway, programId, 1_000_000 * (w + 1), per))));
    clock.Stop();
    var recorded = per * workers;

    await using var check = services.CreateAsyncScope();
    var report = await check.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
    Console.WriteLine($"{provider}: {recorded} donations with {workers} workers in {clock.Elapsed.TotalSeconds:F1} s = {recorded / clock.Elapsed.TotalSeconds:F0} donations/s");
    Console.WriteLine(report);
    var written = services.GetRequiredService<GiftWriter>().Written;
    if (provider == "sqlite" && new FileInfo(options.ConnectionString!["Data Source=".Length..] + "-wal") is { Exists: true } wal)
    {
        Console.WriteLine($"write-ahead log at the end: {wal.Length / 1024 / 1024} MiB");
    }
    var busy = written.Busy - writtenBefore.Busy;
    Console.WriteLine($"writes per unit of work: {(written.Items - writtenBefore.Items) / (double)(written.Batches - writtenBefore.Batches):F1} (a gift makes three); " +
        $"writer busy {busy / clock.Elapsed:P0} of the time, {busy.TotalMilliseconds * 1000 / recorded:F0} us per gift");
    Console.WriteLine($"per gift: accepting {Stopwatch.GetElapsedTime(0, Timing.Give).TotalMilliseconds / recorded:F2} ms, confirming (receipt number, ledger, journey) {Stopwatch.GetElapsedTime(0, Timing.Apply).TotalMilliseconds / recorded:F2} ms");
    return report.IsHealthy && report.Entries == recorded + warmedUp ? 0 : 1;
}
finally
{
    foreach (var background in services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
    {
        await background.StopAsync(CancellationToken.None);
    }
    await services.DisposeAsync();
    await cleanup();
}

static async Task<int> StatementsAsync(IServiceProvider services, SimulatedGateway gateway, Guid programId, int donors)
{
    var arrange = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => GiveAsync(services, gateway, programId, w * donors / 2, donors / 2, donors))));
    Console.WriteLine($"arranged {donors * 2} gifts from {donors} donors in {arrange.Elapsed.TotalSeconds:F1} s");

    await using (var warm = services.CreateAsyncScope())
    {
        // Start the browser before the clock, as a running app has.
        await warm.ServiceProvider.GetRequiredService<IDocumentRenderer>()
            .RenderPdfAsync(new CombinedStatementDocument(2026, DateTimeOffset.UtcNow, "Warm", null, []));
    }
    await using (var probe = services.CreateAsyncScope())
    {
        // The printer alone, one document at a time, for comparison with the whole pipeline below.
        var sample = new TaxStatementDocument("TS-2026-000000", 2026, DateTimeOffset.UtcNow, null, "Bench Charity", "BENCH-1", null, "#3f51b5",
            "Deductible.", "Bench Donor", "1 Bench Street", [new StatementLine(DateTimeOffset.UtcNow, "R-2026-000001", "Bench program",
                new Platform.Core.Common.Money(25m, "USD"))], new Platform.Core.Common.Money(25m, "USD"));
        var html = probe.ServiceProvider.GetRequiredService<DocumentRenderer>();
        var printer = probe.ServiceProvider.GetRequiredService<ChromiumPrinter>();
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await html.RenderHtmlAsync(sample);
        }
        var htmlMs = timer.Elapsed.TotalMilliseconds / 20;
        var page = await html.RenderHtmlAsync(sample);
        timer.Restart();
        for (var i = 0; i < 20; i++)
        {
            await printer.PrintAsync(page, "probe", default);
        }
        Console.WriteLine($"one statement: HTML {htmlMs:F1} ms, print to PDF {timer.Elapsed.TotalMilliseconds / 20:F0} ms (one at a time)");
    }
    var clock = Stopwatch.StartNew();
    await using var scope = services.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<TaxStatementService>()
        .IssueAsync(new StatementRun(DateTimeOffset.UtcNow.Year), Platform.Core.Jobs.JobProgress.None);
    clock.Stop();
    var rate = result.Issued / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{result.Issued} statements issued and {result.Emailed} emailed in {clock.Elapsed.TotalSeconds:F1} s = {rate:F1} statements/s"
        + $" -> 10,000 statements in {10_000 / rate / 60:F1} min");
    return result.Issued == donors && result.Emailed == donors ? 0 : 1;
}

static int HangfireBench(string store, DatabaseOptions database, int jobs, int workers)
{
    using var bench = new BenchStorage(store, database);
    var storage = bench.Storage;
    var client = new BackgroundJobClient(storage);
    var enqueue = Stopwatch.StartNew();
    for (var i = 0; i < jobs; i++)
    {
        client.Enqueue<CountingJob>(j => j.Run());
    }
    enqueue.Stop();
    var clock = Stopwatch.StartNew();
    using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage))
    {
        while (Volatile.Read(ref CountingJob.Count) < jobs && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(20);
        }
        clock.Stop();
    }
    Console.WriteLine($"hangfire on {store}: {jobs} enqueued in {enqueue.Elapsed.TotalSeconds:F1} s ({jobs / enqueue.Elapsed.TotalSeconds:F0}/s); "
        + $"{CountingJob.Count} processed by {workers} workers in {clock.Elapsed.TotalSeconds:F1} s = {CountingJob.Count / clock.Elapsed.TotalSeconds:F0} jobs/s");
    return CountingJob.Count >= jobs ? 0 : 1;
}

static async Task<int> PayoutsOnHangfireAsync(IServiceProvider services, string provider, DatabaseOptions database, int payees)
{
    await ArrangePayeesAsync(services, payees);
    var later = (BenchClock)services.GetRequiredService<TimeProvider>();
    later.Ahead = TimeSpan.FromDays(7);
    var store = provider == "mariadb" ? "redis" : provider;
    using var bench = new BenchStorage(store, database);
    var client = new BackgroundJobClient(bench.Storage);
    var clock = Stopwatch.StartNew();
    var id = client.Create(PlatformJob.Call(JobCatalog.Find(JobCatalog.Payouts)!, requestedBy: "bench"), new Hangfire.States.EnqueuedState());
    Platform.Core.Jobs.JobRun? run = null;
    TimeSpan pickedUp = default;
    using (new BackgroundJobServer(new BackgroundJobServerOptions
    {
        WorkerCount = 4,
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
    }, bench.Storage))
    {
        // The run's row is written at most once a second (RunRecorder), so the figure is up to a second late.
        while (clock.Elapsed < TimeSpan.FromMinutes(15))
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                run = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
                    Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.JobRuns), r => r.JobKey == JobCatalog.Payouts);
            }
            if (run is not null && pickedUp == default)
            {
                pickedUp = clock.Elapsed;
            }
            if (run is not null && (run.Log.Contains("Money:", StringComparison.Ordinal) || run.Status != Platform.Core.Jobs.RunStatus.Running))
            {
                break;
            }
            await Task.Delay(100);
        }
        clock.Stop();
        client.Delete(id); // the statements that follow are not part of this figure
    }
    var money = run?.Log.Split('\n').FirstOrDefault(l => l.Contains("Money:", StringComparison.Ordinal))?.Trim();
    Console.WriteLine($"payouts on hangfire ({provider}, storage {store}): run row within {pickedUp.TotalSeconds:F1} s of the enqueue; "
        + $"money pass done {clock.Elapsed.TotalSeconds:F1} s after it -> {payees / clock.Elapsed.TotalSeconds:F0} payees/s; run log: {money ?? run?.Status.ToString() ?? "no run"}");
    await using var check = services.CreateAsyncScope();
    var report = await check.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
    Console.WriteLine(report);
    return money is not null && report.IsHealthy && services.GetRequiredService<SimulatedGateway>().PayoutsSent == payees ? 0 : 1;
}

static async Task ArrangePayeesAsync(IServiceProvider services, int payees)
{
    var arrange = Stopwatch.StartNew();
    var ledger = services.GetRequiredService<LedgerService>();
    await using (var scope = services.CreateAsyncScope())
    {
        await ledger.EnsureAccountsAsync(scope.ServiceProvider.GetRequiredService<Platform.Core.Data.IPlatformDbFactory>(),
            [(AccountKeys.GatewayClearing, "USD", null)]);
    }
    for (var batch = 0; batch < payees; batch += 500)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var orgs = Enumerable.Range(batch, Math.Min(500, payees - batch))
            .Select(i => new Organization($"Payee {i}", $"payee-{i}", OrganizationKind.Gym, DateTimeOffset.UtcNow)).ToList();
        db.Organizations.AddRange(orgs);
        db.LedgerAccounts.AddRange(orgs.Select(o => new LedgerAccount(AccountKeys.Payable(o.Id), "USD", o.Id)));
        await db.SaveChangesAsync();
        foreach (var org in orgs)
        {
            await ledger.PostAsync(db, $"bench-sale:{org.Id:N}", "Bench sale", org.Id,
                [Posting.Debit(AccountKeys.GatewayClearing, new Platform.Core.Common.Money(100m, "USD")),
                    Posting.Credit(AccountKeys.Payable(org.Id), new Platform.Core.Common.Money(100m, "USD"), org.Id)]);
        }
        await db.SaveChangesAsync();
    }
    await AnalyzeAsync(services);
    Console.WriteLine($"arranged {payees} payees owed 100.00 each in {arrange.Elapsed.TotalSeconds:F1} s");
}

static async Task<int> PayoutsAsync(IServiceProvider services, int payees, bool statementsToo)
{
    await ArrangePayeesAsync(services, payees);

    // The run as the job makes it, stopped when the money pass is done unless statements are asked for too.
    using var stop = new CancellationTokenSource();
    var progress = new MoneyPassProgress(stop, statementsToo);
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await using var run = services.CreateAsyncScope();
    try
    {
        // A week is paid once it has ended: the run happens a week after the sales.
        var later = (BenchClock)services.GetRequiredService<TimeProvider>();
        later.Ahead = TimeSpan.FromDays(7);
        await run.ServiceProvider.GetRequiredService<Platform.Core.Payouts.PayoutService>()
            .PayAsync(later.GetUtcNow(), progress, stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
    }
    clock.Stop();
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    // The process's own CPU time says what the run costs whatever else the machine is doing (the database server's is not in it).
    Console.WriteLine($"{progress.MoneyLine} -> {payees / clock.Elapsed.TotalSeconds:F0} payees/s; " +
        $"this process used {cpu.TotalSeconds:F1} s of CPU ({cpu.TotalMilliseconds * 1000 / payees:F0} us per payee)");
    if (progress.StatementsLine.Length > 0)
    {
        Console.WriteLine($"{progress.StatementsLine} ({services.GetRequiredService<ChromiumPrinter>().Prints} prints)");
    }
    var report = await run.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
    Console.WriteLine(report);
    return report.IsHealthy && services.GetRequiredService<SimulatedGateway>().PayoutsSent == payees ? 0 : 1;
}

// A week's data in a live database has statistics (autovacuum analyses it); freshly loaded bench data has none until told.
static async Task AnalyzeAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    // MariaDB's ANALYZE names its tables.
    await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
        db is MariaDbPlatformDbContext ? "ANALYZE TABLE `Organizations`, `LedgerAccounts`, `JournalEntries`, `JournalLines`, `Payouts`" : "ANALYZE");
}

static async Task GiveAsync(IServiceProvider services, SimulatedGateway gateway, Guid programId, int offset, int count, int donors = 997)
{
    for (var i = 0; i < count; i++)
    {
        await using var scope = services.CreateAsyncScope();
        var giving = scope.ServiceProvider.GetRequiredService<GivingService>();
        var t0 = Stopwatch.GetTimestamp();
        var outcome = await giving.GiveAsync(new GiveRequest(programId, 25m, new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"),
            new GiftDetails($"donor{(offset + i) % donors}@bench.test", "Bench Donor", "1 Bench Street", false, false, null, null), $"bench-{offset + i}"));
        if (!outcome.Succeeded || outcome.Value!.Status != DonationStatus.Pending)
        {
            throw new InvalidOperationException("Gift not accepted: " + outcome.Status.Summary);
        }
        // The webhook's work, done in line: the simulated gateway queued exactly one event per accepted charge.
        if (!gateway.Events.TryRead(out var confirmation))
        {
            throw new InvalidOperationException("No confirmation queued.");
        }
        var t1 = Stopwatch.GetTimestamp();
        var applied = await giving.ApplyGatewayEventAsync(confirmation);
        var t2 = Stopwatch.GetTimestamp();
        Interlocked.Add(ref Timing.Give, t1 - t0);
        Interlocked.Add(ref Timing.Apply, t2 - t1);
        if (!applied.Succeeded)
        {
            throw new InvalidOperationException(applied.Summary);
        }
    }
}

static async Task<Guid> ArrangeAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
    var charity = new Organization("Bench Charity", "bench-charity", OrganizationKind.Charity, DateTimeOffset.UtcNow);
    charity.Activate(Plans.Growth, DateTimeOffset.UtcNow);
    charity.SetCharityDetails("BENCH-1", true, null);
    db.Organizations.Add(charity);
    var location = new Location(charity.Id, "Office", null, "UTC");
    using (tenant.ForOrganization(charity.Id))
    {
        db.Locations.Add(location);
        var program = new CharityProgram(charity.Id, location.Id, DateTimeOffset.UtcNow);
        program.Update(new ProgramInput(location.Id, "Bench program", "Benchmark", 1_000_000m, "USD", null, null));
        db.Programs.Add(program);
        await db.SaveChangesAsync();
        return program.Id;
    }
}

static async Task<(DatabaseOptions, Func<Task>)> DatabaseAsync(string provider)
{
    if (provider == "postgres")
    {
        var admin = Environment.GetEnvironmentVariable("PLATFORM_TEST_PG")
            ?? throw new InvalidOperationException("Set PLATFORM_TEST_PG (bench/run.sh starts a server).");
        var name = "bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        return (new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cs, SeedDemoData = false }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        });
    }
    if (provider == "mariadb")
    {
        var server = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PLATFORM_TEST_MARIADB")
            ?? throw new InvalidOperationException("Set PLATFORM_TEST_MARIADB (bench/run.sh starts a server).")) { Database = "" };
        var name = "bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new MySql.Data.MySqlClient.MySqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await new MySql.Data.MySqlClient.MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", connection).ExecuteNonQueryAsync();
        }
        var cs = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(server.ConnectionString) { Database = name, MaximumPoolSize = 50 }.ConnectionString;
        return (new DatabaseOptions { Provider = DatabaseProvider.MariaDb, ConnectionString = cs, SeedDemoData = false }, async () =>
        {
            MySql.Data.MySqlClient.MySqlConnection.ClearAllPools();
            await using var connection = new MySql.Data.MySqlClient.MySqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await new MySql.Data.MySqlClient.MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection).ExecuteNonQueryAsync();
        });
    }
    var file = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.db");
    return (new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}", SeedDemoData = false }, () =>
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
        return Task.CompletedTask;
    });
}

/// <summary>The system clock, moved ahead when the bench needs time to have passed (a week to end before it is paid).</summary>
internal sealed class BenchClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
}

internal sealed class DiscardingMailer : IMailer
{
    public Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default) where TModel : IEmailModel => Task.CompletedTask;

    public Task SendAsync<TModel>(string to, TModel model, IReadOnlyList<EmailAttachment> attachments, CancellationToken cancellationToken = default)
        where TModel : IEmailModel => Task.CompletedTask;
}

internal sealed class BenchLinks : IAppLinks
{
    public string AcceptInvitation(string token) => "";
    public string MagicLink(string email, string token) => "";
    public string SignIn() => "";
    public string ConfirmEmail(Guid userId, string code, string? returnUrl = null) => "";
    public string ResetPassword(string email, string code) => "";
    public string DonationJourney(Guid donationId) => "";
    public string Register(string email) => "";
    public string DonorStatements() => "";
    public string AdminJobRun(Guid runId) => "";
    public string RecurringAction(Guid recurringGiftId, RecurringAction action) => "";
    public string DonorRecurring() => "";
    public string MerchantPayouts() => "";

    public string MerchantReports() => "";

    public string AdminReports() => "";
    public string MerchantPlan() => "";
}

/// <summary>
/// A Hangfire storage built as the app builds it (<see cref="JobStorageFactory"/>), under a prefix or file of its own,
/// and removed again afterwards.
/// </summary>
internal sealed class BenchStorage : IDisposable
{
    private readonly JobsOptions _options = new() { RedisPrefix = $"{{bench-{Guid.NewGuid():N}}}:" };
    private readonly StackExchange.Redis.ConnectionMultiplexer? _redis;
    private readonly string? _sqliteFile;

    public BenchStorage(string store, DatabaseOptions database)
    {
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
        switch (store)
        {
            case "redis":
                _redis = StackExchange.Redis.ConnectionMultiplexer.Connect(Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS")
                    ?? throw new InvalidOperationException("Set PLATFORM_TEST_REDIS (bench/run.sh starts a server)."));
                Storage = JobStorageFactory.Redis(_redis, _options);
                break;
            case "postgres":
                Storage = JobStorageFactory.Postgres(database.ConnectionString!);
                break;
            default:
                _sqliteFile = JobStorageFactory.SqlitePath(database.ConnectionString);
                Storage = JobStorageFactory.Sqlite(database.ConnectionString, _options);
                break;
        }
    }

    public JobStorage Storage { get; }

    public void Dispose()
    {
        if (_redis is not null)
        {
            foreach (var server in _redis.GetServers())
            {
                foreach (var key in server.Keys(pattern: _options.RedisPrefix + "*"))
                {
                    _redis.GetDatabase().KeyDelete(key);
                }
            }
            _redis.Dispose();
        }
        if (_sqliteFile is not null)
        {
            File.Delete(_sqliteFile);
        }
    }
}

/// <summary>The trivial job: counts itself, so the figure is Hangfire's own cost per job on a storage.</summary>
public sealed class CountingJob
{
    public static int Count;

    public void Run() => Interlocked.Increment(ref Count);
}

internal sealed class MoneyPassProgress(CancellationTokenSource stop, bool statementsToo) : Platform.Core.Jobs.IJobProgress
{
    public string MoneyLine { get; private set; } = "";

    public string StatementsLine { get; private set; } = "";

    public void Total(int items)
    {
    }

    public void Done(int items = 1)
    {
    }

    public void Log(string message)
    {
        if (message.StartsWith("Money:", StringComparison.Ordinal))
        {
            MoneyLine = message;
            if (!statementsToo)
            {
                stop.Cancel();
            }
        }
        else if (message.StartsWith("Statements:", StringComparison.Ordinal))
        {
            StatementsLine = message;
        }
    }
}

internal static class Timing
{
    public static long Give;
    public static long Apply;
}
