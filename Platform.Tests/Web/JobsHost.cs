using System.Diagnostics;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;
using Platform.Web.Jobs;
using StackExchange.Redis;

namespace Platform.Tests.Web;

/// <summary>
/// The app with a Hangfire server on a real storage of each kind, without demo data: SQLite beside a SQLite database,
/// PostgreSQL in the domain's PostgreSQL database, Redis (under a prefix of the test's own) with the domain on MariaDB.
/// </summary>
public sealed class JobsHost : WebApplicationFactory<Program>
{
    public static TheoryData<JobStore> Stores => new() { JobStore.Sqlite, JobStore.Postgres, JobStore.Redis };

    private readonly JobStore _store;
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-jobs-").FullName;
    private readonly string _redisPrefix = $"{{platform-test-{Guid.NewGuid():N}}}:";
    private readonly Dictionary<string, string?> _settings;
    private ScratchPostgres? _postgres;
    private ScratchMariaDb? _mariaDb;

    private JobsHost(JobStore store, Dictionary<string, string?> settings) => (_store, _settings) = (store, settings);

    public static async Task<JobsHost> StartAsync(JobStore store, Dictionary<string, string?>? settings = null)
    {
        var host = new JobsHost(store, settings ?? []);
        if (store == JobStore.Postgres)
        {
            host._postgres = await ScratchPostgres.CreateAsync();
        }
        else if (store == JobStore.Redis)
        {
            TestEnvironment.RequireRedis();
            host._mariaDb = await ScratchMariaDb.CreateAsync();
        }
        _ = host.Services; // builds and starts the host, the Hangfire server with it
        return host;
    }

    public string MailFolder => Path.Combine(_folder, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var provider = _store switch { JobStore.Postgres => DatabaseProvider.Postgres, JobStore.Redis => DatabaseProvider.MariaDb, _ => DatabaseProvider.Sqlite };
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("Database:ConnectionString", _postgres?.ConnectionString ?? _mariaDb?.ConnectionString ?? $"Data Source={Path.Combine(_folder, "jobs.db")}");
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Email:OutboxPath", MailFolder);
        builder.UseSetting("Gateway:JournalPath", Path.Combine(_folder, "gateway.jsonl"));
        builder.UseSetting("Gateway:WebhookSecret", "job-tests-webhook-secret");
        if (_store == JobStore.Redis)
        {
            builder.UseSetting(JobStorageFactory.RedisSection, TestEnvironment.Redis);
            builder.UseSetting("Jobs:RedisPrefix", _redisPrefix);
        }
        // The gift reconcile comes round every minute in the app; here it would add runs and Hangfire jobs of its own to
        // whatever a test counts, whenever a minute turns mid-test. Once a year, unless a test says otherwise.
        builder.UseSetting($"Jobs:Schedules:{JobCatalog.GiftReconcile}", "0 3 1 1 *");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public JobStorage Storage => Services.GetRequiredService<JobStorage>();

    /// <summary>Calls the dashboard as a signed-in person of <paramref name="role"/> (a platform admin unless told).</summary>
    public async Task<T> WithAsync<T>(Func<JobDashboard, Task<T>> action, string? role = PlatformRoles.PlatformAdmin)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.As(role).GetRequiredService<JobDashboard>());
    }

    /// <summary>A confirmed staff or member account to sign in with.</summary>
    public async Task UserAsync(string email, string password, string? role = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
        if (role is not null)
        {
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }
    }

    /// <summary>Waits for runs of a job to reach a count in a final state (Hangfire works on its own threads).</summary>
    public async Task<List<JobRun>> FinishedRunsAsync(string jobKey, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var runs = await RunsAsync(jobKey);
            if (runs.Count(r => r.Status != RunStatus.Running) >= count)
            {
                return runs;
            }
            // Generous: a host's Hangfire server has just started, beside the rest of the suite on two cores. A run not
            // started after 90 s was seen a few times in full runs (never alone); how long such a run then takes is not known.
            if (deadline.Elapsed > TimeSpan.FromSeconds(180))
            {
                // What Hangfire itself says, to tell a job never enqueued from one no server took.
                var stats = Storage.GetMonitoringApi().GetStatistics();
                throw new Shouldly.ShouldAssertException($"{count} finished runs of {jobKey} after 180 s; have {runs.Count}. Hangfire: " +
                    $"{stats.Servers} server(s), {stats.Enqueued} enqueued, {stats.Processing} processing, {stats.Succeeded} succeeded, {stats.Failed} failed");
            }
            await Task.Delay(100);
        }
    }

    public async Task<List<JobRun>> RunsAsync(string jobKey)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobKey == jobKey).OrderBy(r => r.StartedAt).ToListAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_store == JobStore.Redis)
        {
            // Leave the shared Redis as found: this test's keys only, once its servers have stopped.
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(pattern: _redisPrefix + "*"))
                {
                    await redis.GetDatabase().KeyDeleteAsync(key);
                }
            }
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (_mariaDb is not null)
        {
            await _mariaDb.DisposeAsync();
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
