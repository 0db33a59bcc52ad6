using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Jobs;

namespace Platform.Tests.Web;

/// <summary>The app with its scheduler running on a real database of each provider, without demo data.</summary>
public sealed class JobsHost : WebApplicationFactory<Program>
{
    private readonly DatabaseProvider _provider;
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-jobs-").FullName;
    private ScratchPostgres? _postgres;
    private ScratchMariaDb? _mariaDb;

    private JobsHost(DatabaseProvider provider) => _provider = provider;

    public static async Task<JobsHost> StartAsync(DatabaseProvider provider)
    {
        var host = new JobsHost(provider);
        if (provider == DatabaseProvider.Postgres)
        {
            host._postgres = await ScratchPostgres.CreateAsync();
        }
        else if (provider == DatabaseProvider.MariaDb)
        {
            host._mariaDb = await ScratchMariaDb.CreateAsync();
        }
        _ = host.Services; // builds and starts the host, the scheduler with it
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", _provider.ToString());
        builder.UseSetting("Database:ConnectionString", _postgres?.ConnectionString ?? _mariaDb?.ConnectionString ?? $"Data Source={Path.Combine(_folder, "jobs.db")}");
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Email:OutboxPath", Path.Combine(_folder, "mail"));
        builder.UseSetting("Gateway:JournalPath", Path.Combine(_folder, "gateway.jsonl"));
        builder.UseSetting("Gateway:WebhookSecret", "job-tests-webhook-secret");
    }

    public async Task<T> WithAsync<T>(Func<JobDashboard, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobDashboard>());
    }

    /// <summary>Waits for runs of a job to reach a count in a final state (the scheduler works on its own threads).</summary>
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
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), $"{count} finished runs of {jobKey}; have {runs.Count}");
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

public sealed class JobTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TriggeringAJobRecordsItsRunFromStartToEndWithProgressAndLog(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider);

        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.LedgerCheck))).Succeeded.ShouldBeTrue();

        var run = (await host.FinishedRunsAsync(JobCatalog.LedgerCheck, 1)).Single();
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.Attempt.ShouldBe(1);
        run.Node.ShouldNotBeNullOrEmpty();
        run.CorrelationId.Length.ShouldBe(12);
        (run.ItemsDone, run.ItemsTotal).ShouldBe((1, 1));
        run.Log.ShouldContain("Ledger healthy");
        run.EndedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(run.StartedAt);

        var last = (await host.WithAsync(j => j.RecurringAsync())).Single(j => j.Definition.Key == JobCatalog.LedgerCheck).LastRun;
        last.ShouldNotBeNull().Id.ShouldBe(run.Id);
        await using var scope = host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        (await db.AuditEntries.CountAsync(a => a.Action == AuditActions.JobTriggered && a.Detail == JobCatalog.LedgerCheck)).ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StaffPauseResumeAndRescheduleAJobAndABadScheduleIsRefused(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider);
        RecurringJob Job(IReadOnlyList<RecurringJob> jobs) => jobs.Single(j => j.Definition.Key == JobCatalog.TaxStatements);

        var initial = Job(await host.WithAsync(j => j.RecurringAsync()));
        initial.Cron.ShouldBe("0 0 2 15 1 ?");
        initial.Schedule.ShouldBe("Every year on 15 January at 02:00");
        initial.NextFire.ShouldNotBeNull().Month.ShouldBe(1);
        initial.IsPaused.ShouldBeFalse();

        (await host.WithAsync(j => j.PauseAsync(JobCatalog.TaxStatements, "Waiting for the auditors"))).Succeeded.ShouldBeTrue();
        var paused = Job(await host.WithAsync(j => j.RecurringAsync()));
        paused.IsPaused.ShouldBeTrue();
        paused.PausedBecause.ShouldBe("Waiting for the auditors");

        var bad = await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "every monday"));
        bad.Errors.Keys.ShouldBe(["Cron"]);
        (await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "0 0 3 ? * MON"))).Succeeded.ShouldBeTrue();
        var moved = Job(await host.WithAsync(j => j.RecurringAsync()));
        (moved.Cron, moved.Schedule, moved.IsPaused).ShouldBe(("0 0 3 ? * MON", "Every Monday at 03:00", true));

        (await host.WithAsync(j => j.ResumeAsync(JobCatalog.TaxStatements))).Succeeded.ShouldBeTrue();
        var resumed = Job(await host.WithAsync(j => j.RecurringAsync()));
        resumed.IsPaused.ShouldBeFalse();
        resumed.NextFire.ShouldNotBeNull().DayOfWeek.ShouldBe(DayOfWeek.Monday);
    }

    [Fact]
    public async Task AFailedRunKeepsItsErrorAndStaffCanRetryItWithTheSameParameters()
    {
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite);

        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { ["colour"] = "red" })))
            .Errors.Keys.ShouldBe(["colour"]);
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { [TaxStatementsJob.Year] = "1999" })))
            .Succeeded.ShouldBeTrue();

        var failed = (await host.FinishedRunsAsync(JobCatalog.TaxStatements, 1)).Single();
        failed.Status.ShouldBe(RunStatus.Failed);
        failed.Error.ShouldNotBeNull().ShouldContain("Choose a year");
        failed.ErrorStack.ShouldNotBeNull().ShouldContain(nameof(Platform.Core.Giving.TaxStatementService));
        failed.Parameters.ShouldBe("""{"year":"1999"}""");

        (await host.WithAsync(j => j.RetryAsync(failed.Id))).Succeeded.ShouldBeTrue();
        var runs = await host.FinishedRunsAsync(JobCatalog.TaxStatements, 2);
        runs.Count.ShouldBe(2);
        runs[1].Parameters.ShouldBe(failed.Parameters);
        (await host.WithAsync(j => j.RetryAsync(Guid.NewGuid()))).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task PayoutsForAWeekThatHasNotEndedAreRefusedInTheDialogAndInTheRunWithoutARetry()
    {
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite);
        var nextWeek = DateTime.UtcNow.AddDays(8).ToString("yyyy-MM-dd");

        var refused = await host.WithAsync(j => j.TriggerAsync(JobCatalog.Payouts, new Dictionary<string, string?> { [PayoutsJob.AsOf] = nextWeek }));
        refused.Errors[PayoutsJob.AsOf].Single().ShouldContain("has not ended yet");
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.Payouts, new Dictionary<string, string?> { [PayoutsJob.AsOf] = "next monday" })))
            .Errors[PayoutsJob.AsOf].Single().ShouldBe("Give the date as yyyy-MM-dd, e.g. 2026-11-23.");
        (await host.RunsAsync(JobCatalog.Payouts)).ShouldBeEmpty();

        // A run asked for without the dialog is refused by the run itself, once.
        var scheduler = await host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new Quartz.JobKey(JobCatalog.Payouts), new Quartz.JobDataMap { [PayoutsJob.AsOf] = nextWeek });
        var run = (await host.FinishedRunsAsync(JobCatalog.Payouts, 1)).Single();
        run.Status.ShouldBe(RunStatus.Failed);
        run.Error.ShouldNotBeNull().ShouldContain("is in the future");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.RunsAsync(JobCatalog.Payouts)).Count.ShouldBe(1); // not retried
    }

    [Fact]
    public async Task ARunForOneOrganizationIsListedToThatOrganizationOnly()
    {
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite);
        var charity = Guid.NewGuid();
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?>
        {
            [TaxStatementsJob.Year] = "2026", [TaxStatementsJob.Charity] = charity.ToString(),
        }))).Succeeded.ShouldBeTrue();
        var run = (await host.FinishedRunsAsync(JobCatalog.TaxStatements, 1)).Single();
        run.OrganizationId.ShouldBe(charity);

        async Task<int> VisibleToAsync(Guid organization)
        {
            await using var scope = host.Services.CreateAsyncScope();
            using var _ = scope.ServiceProvider.GetRequiredService<Platform.Core.Tenancy.ITenantContext>().ForOrganization(organization);
            return (await scope.ServiceProvider.GetRequiredService<JobDashboard>()
                .OrganizationRunsAsync(new RunFilter(), new Platform.Core.Common.PageRequest())).Total;
        }
        (await VisibleToAsync(charity)).ShouldBe(1);
        (await VisibleToAsync(Guid.NewGuid())).ShouldBe(0);
    }

    [Fact]
    public async Task TwoNodesOnPostgresShareOneScheduleAndRunEachFiringOnce()
    {
        await using var database = await ScratchPostgres.CreateAsync();
        await using var services = Services(database.ConnectionString);
        Task<List<JobRun>> RunsAsync() => services.ReadAllAsync(db =>
            db.JobRuns.AsNoTracking().Where(r => r.JobKey == JobCatalog.LedgerCheck).ToListAsync());

        // Two real app processes, clustered on one PostgreSQL database, with the ledger check firing every second. Each step
        // waits for what it needs rather than for a fixed time, so a busy machine only makes the test slower.
        var first = AppProcess.Start(database.ConnectionString);
        var second = default(AppProcess);
        DateTimeOffset firstStopped;
        string firstNode;
        try
        {
            firstNode = (await UntilAsync(RunsAsync, runs => runs.Count > 0, "the first node runs the job", first)).First().Node;
            second = AppProcess.Start(database.ConnectionString);
            await UntilAsync(() => services.ReadAllAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM qrtz_scheduler_state").SingleAsync()),
                nodes => nodes == 2, "the second node checks in", second);
            await Task.Delay(TimeSpan.FromSeconds(3)); // both nodes share the schedule for a while

            // The first node leaves; the second carries on with the same schedule.
            await first.StopAsync();
            firstStopped = DateTimeOffset.UtcNow;
            await UntilAsync(RunsAsync, runs => runs.Count(r => r.Node != firstNode && r.StartedAt > firstStopped) >= 3,
                "the second node keeps the schedule", second);
        }
        finally
        {
            await first.StopAsync();
            if (second is not null)
            {
                await second.StopAsync();
            }
        }

        var runs = await RunsAsync();
        runs.Select(r => r.ScheduledFor).Distinct().Count().ShouldBe(runs.Count, "a firing ran on both nodes");
        runs.Select(r => r.Node).Distinct().Count().ShouldBe(2);
        runs.Where(r => r.Status != RunStatus.Running).ShouldAllBe(r => r.Status == RunStatus.Succeeded);
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, AppProcess app)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
            {
                // The node has not created its tables yet.
            }
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), $"waiting until {what}\n{app.Output}");
            await Task.Delay(250);
        }
    }

    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformData(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
        services.AddCoreServices();
        return services.BuildServiceProvider();
    }

    /// <summary>Platform.Web as its own process, as a second server would run it.</summary>
    private sealed class AppProcess
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private bool _stopped;

        private AppProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static AppProcess Start(string connectionString)
        {
            var web = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
            var info = new ProcessStartInfo("dotnet", [Path.Combine(web, "Platform.Web.dll")])
            {
                WorkingDirectory = web,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Database__Provider"] = "Postgres";
            info.Environment["PLATFORM_DB"] = connectionString;
            info.Environment["Database__SeedDemoData"] = "false";
            info.Environment["Email__OutboxPath"] = Path.Combine(Path.GetTempPath(), "platform-two-nodes-mail");
            info.Environment["Gateway__JournalPath"] = ""; // each node's simulated gateway in memory
            info.Environment["Gateway__WebhookSecret"] = "two-nodes-webhook-secret"; // nodes of one deployment share it
            info.Environment["Jobs__Schedules__ledger-check"] = "0/1 * * * * ?";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            var app = new AppProcess(Process.Start(info)!);
            app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
            app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
            app._process.BeginOutputReadLine();
            app._process.BeginErrorReadLine();
            return app;
        }

        private const int SigTerm = 15;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async Task StopAsync()
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            if (!_process.HasExited)
            {
                // A graceful stop first (SIGTERM), as a service manager would; then no more waiting.
                SendSignal(_process.Id, SigTerm);
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
