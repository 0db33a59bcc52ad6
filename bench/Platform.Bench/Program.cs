using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Messaging;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;

// bench donations [sqlite|postgres] [count] [workers]
// Records gifts through the service layer exactly as the app does (validation, pending donation, card charge,
// gateway confirmation with receipt number, ledger entry and journey step), then checks the ledger.
var provider = args.ElementAtOrDefault(1) ?? "sqlite";
var count = int.Parse(args.ElementAtOrDefault(2) ?? "5000");
var workers = int.Parse(args.ElementAtOrDefault(3) ?? "4");

var (options, cleanup) = await DatabaseAsync(provider);
var collection = new ServiceCollection();
collection
    .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .AddPlatformData(options)
    .AddCoreServices()
    .AddSingleton<IMailer, DiscardingMailer>()
    .AddSingleton<IAppLinks, BenchLinks>();
collection.AddIdentityCore<Platform.Data.Identity.PlatformUser>().AddRoles<Platform.Data.Identity.PlatformRole>()
    .AddEntityFrameworkStores<PlatformDbContext>();
var services = collection.BuildServiceProvider();
try
{
    await using (var scope = services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
    }
    var programId = await ArrangeAsync(services);
    var gateway = services.GetRequiredService<SimulatedGateway>();

    // Warm up (JIT, pools, accounts), then measure.
    await GiveAsync(services, gateway, programId, 0, 50);
    var clock = Stopwatch.StartNew();
    var per = count / workers;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => GiveAsync(services, gateway, programId, 1_000_000 * (w + 1), per))));
    clock.Stop();
    var recorded = per * workers;

    await using var check = services.CreateAsyncScope();
    var report = await check.ServiceProvider.GetRequiredService<LedgerCheck>().RunAsync();
    Console.WriteLine($"{provider}: {recorded} donations with {workers} workers in {clock.Elapsed.TotalSeconds:F1} s = {recorded / clock.Elapsed.TotalSeconds:F0} donations/s");
    Console.WriteLine(report);
    Console.WriteLine($"per gift: accepting {Stopwatch.GetElapsedTime(0, Timing.Give).TotalMilliseconds / (recorded + 50):F2} ms, confirming (receipt number, ledger, journey) {Stopwatch.GetElapsedTime(0, Timing.Apply).TotalMilliseconds / (recorded + 50):F2} ms");
    return report.IsHealthy && report.Entries == recorded + 50 ? 0 : 1;
}
finally
{
    await services.DisposeAsync();
    await cleanup();
}

static async Task GiveAsync(IServiceProvider services, SimulatedGateway gateway, Guid programId, int offset, int count)
{
    for (var i = 0; i < count; i++)
    {
        await using var scope = services.CreateAsyncScope();
        var giving = scope.ServiceProvider.GetRequiredService<GivingService>();
        var t0 = Stopwatch.GetTimestamp();
        var outcome = await giving.GiveAsync(new GiveRequest(programId, 25m, new CardDetails(SimulatedGateway.Succeeds, 12, 2030, "123"),
            new GiftDetails($"donor{(offset + i) % 997}@bench.test", "Bench Donor", "1 Bench Street", false, false, null, null), $"bench-{offset + i}"));
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
    charity.Activate(Plans.Growth);
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

internal sealed class DiscardingMailer : IMailer
{
    public Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default) where TModel : IEmailModel => Task.CompletedTask;
}

internal sealed class BenchLinks : IAppLinks
{
    public string AcceptInvitation(string token) => "";
    public string MagicLink(string email, string token) => "";
    public string ConfirmEmail(Guid userId, string code, string? returnUrl = null) => "";
    public string ResetPassword(string email, string code) => "";
    public string DonationJourney(Guid donationId) => "";
    public string Register(string email) => "";
}

internal static class Timing
{
    public static long Give;
    public static long Apply;
}
