using System.Diagnostics;
using System.Net;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Web.Jobs;
using Platform.Web.Messaging;
using RecurringJob = Platform.Web.Jobs.RecurringJob;

namespace Platform.Tests.Web;

public sealed class JobTests
{
    [Theory, MemberData(nameof(JobsHost.Stores), MemberType = typeof(JobsHost))]
    public async Task TriggeringAJobRecordsItsRunFromStartToEndWithProgressAndLog(JobStore store)
    {
        await using var host = await JobsHost.StartAsync(store);

        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.LedgerCheck))).Succeeded.ShouldBeTrue();

        var run = (await host.FinishedRunsAsync(JobCatalog.LedgerCheck, 1)).Single();
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.Attempt.ShouldBe(1);
        run.Node.ShouldStartWith(JobNode.Name);
        run.Trigger.ShouldNotBeNullOrEmpty();
        run.CorrelationId.Length.ShouldBe(12);
        (run.ItemsDone, run.ItemsTotal).ShouldBe((1, 1));
        run.Log.ShouldContain("Ledger healthy");
        run.EndedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(run.StartedAt);
        using (var connection = host.Storage.GetConnection())
        {
            connection.GetJobData(run.Trigger).ShouldNotBeNull().Job.Type.ShouldBe(typeof(LedgerCheckJob));
        }

        var last = (await host.WithAsync(j => j.RecurringAsync())).Single(j => j.Definition.Key == JobCatalog.LedgerCheck).LastRun;
        last.ShouldNotBeNull().Id.ShouldBe(run.Id);
        await using var scope = host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        (await db.AuditEntries.CountAsync(a => a.Action == AuditActions.JobTriggered && a.Detail == JobCatalog.LedgerCheck)).ShouldBe(1);
        (await host.WithAsync(j => j.NodesAsync())).ShouldContain(n => n.IsThisNode);
    }

    [Theory, MemberData(nameof(JobsHost.Stores), MemberType = typeof(JobsHost))]
    public async Task PauseRemovesTheRecurringEntryResumeRestoresItAndABadScheduleIsRefusedUnderItsField(JobStore store)
    {
        await using var host = await JobsHost.StartAsync(store);
        RecurringJob Job(IReadOnlyList<RecurringJob> jobs) => jobs.Single(j => j.Definition.Key == JobCatalog.TaxStatements);
        RecurringJobDto? Entry()
        {
            using var connection = host.Storage.GetConnection();
            return connection.GetRecurringJobs([JobCatalog.TaxStatements]).SingleOrDefault(r => !r.Removed);
        }

        var initial = Job(await host.WithAsync(j => j.RecurringAsync()));
        (initial.Cron, initial.Schedule, initial.TimeZone).ShouldBe(("0 2 15 1 *", "Every year on 15 January at 02:00", "UTC"));
        initial.NextFire.ShouldNotBeNull().Month.ShouldBe(1);
        initial.IsPaused.ShouldBeFalse();
        Entry().ShouldNotBeNull().Cron.ShouldBe("0 2 15 1 *");

        (await host.WithAsync(j => j.PauseAsync(JobCatalog.TaxStatements, "Waiting for the auditors"))).Succeeded.ShouldBeTrue();
        var paused = Job(await host.WithAsync(j => j.RecurringAsync()));
        (paused.IsPaused, paused.PausedBecause).ShouldBe((true, "Waiting for the auditors"));
        paused.NextFire.ShouldNotBeNull("computed from the cron while paused").Month.ShouldBe(1);
        Entry().ShouldBeNull();

        (await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "every monday"))).Errors.Keys.ShouldBe(["Cron"]);
        (await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "0 0 3 ? * MON"))).Errors["Cron"].Single().ShouldContain("five fields");
        (await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "0 3 * * MON", "Mars/Olympus"))).Errors.Keys.ShouldBe(["TimeZone"]);
        (await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "0 3 * * MON", "Europe/Berlin"))).Succeeded.ShouldBeTrue();
        var moved = Job(await host.WithAsync(j => j.RecurringAsync()));
        (moved.Cron, moved.Schedule, moved.TimeZone, moved.IsPaused).ShouldBe(("0 3 * * MON", "Every Monday at 03:00", "Europe/Berlin", true));
        Entry().ShouldBeNull("a paused job stays paused when rescheduled");

        (await host.WithAsync(j => j.ResumeAsync(JobCatalog.TaxStatements))).Succeeded.ShouldBeTrue();
        var resumed = Job(await host.WithAsync(j => j.RecurringAsync()));
        resumed.IsPaused.ShouldBeFalse();
        var entry = Entry().ShouldNotBeNull();
        (entry.Cron, entry.TimeZoneId).ShouldBe(("0 3 * * MON", "Europe/Berlin"));
        TimeZoneInfo.ConvertTime(resumed.NextFire.ShouldNotBeNull(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"))
            .DayOfWeek.ShouldBe(DayOfWeek.Monday);

        await using var scope = host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        (await db.AuditEntries.Where(a => a.Action.StartsWith("Job.")).Select(a => a.Action).ToListAsync())
            .ShouldBe([AuditActions.JobPaused, AuditActions.JobRescheduled, AuditActions.JobResumed], ignoreOrder: true);
    }

    [Fact]
    public async Task TheStoredScheduleWinsOverConfigurationAfterTheFirstStart()
    {
        var folder = Directory.CreateTempSubdirectory("platform-jobs-restart-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "jobs.db")}",
            ["Jobs:Schedules:backups"] = "0 0 5 * * ?", // six fields, seconds first, as older settings hold it
        };
        try
        {
            await using (var first = await JobsHost.StartAsync(JobStore.Sqlite, settings))
            {
                Backups(await first.WithAsync(j => j.RecurringAsync())).Cron.ShouldBe("0 5 * * *");
                (await first.WithAsync(j => j.RescheduleAsync(JobCatalog.Backups, "15 4 * * *"))).Succeeded.ShouldBeTrue();
            }
            await using var second = await JobsHost.StartAsync(JobStore.Sqlite, settings);
            Backups(await second.WithAsync(j => j.RecurringAsync())).Cron.ShouldBe("15 4 * * *");
            using var connection = second.Storage.GetConnection();
            connection.GetRecurringJobs([JobCatalog.Backups]).Single().Cron.ShouldBe("15 4 * * *");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static RecurringJob Backups(IReadOnlyList<RecurringJob> jobs) => jobs.Single(j => j.Definition.Key == JobCatalog.Backups);
    }

    [Theory, MemberData(nameof(JobsHost.Stores), MemberType = typeof(JobsHost))]
    public async Task ARecurringOccurrenceRunsOnceWithTwoServersOnOneStorage(JobStore store)
    {
        await using var host = await JobsHost.StartAsync(store);
        // A second Hangfire server on the same storage, as a second node has, with the app's own job activator.
        using var second = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = "second-node",
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            WorkerCount = 2,
            Activator = new AspNetCoreJobActivator(host.Services.GetRequiredService<IServiceScopeFactory>()),
        }, host.Storage);
        // Every second (Hangfire takes a sixth, seconds, field), so the test needs no minute-long wait.
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(JobCatalog.LedgerCheck,
            PlatformJob.Call(JobCatalog.Find(JobCatalog.LedgerCheck)!), "* * * * * *");

        var clock = Stopwatch.StartNew();
        await UntilTrueAsync(async () => (await host.WithAsync(j => j.NodesAsync())).Count == 2, "both servers report in");
        var runs = await host.FinishedRunsAsync(JobCatalog.LedgerCheck, 6);
        host.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(JobCatalog.LedgerCheck);

        runs.Where(r => r.Status != RunStatus.Running).ShouldAllBe(r => r.Status == RunStatus.Succeeded);
        runs.Select(r => r.ScheduledFor).Distinct().Count().ShouldBe(runs.Count, "an occurrence ran on both servers");
        runs.Count.ShouldBeLessThanOrEqualTo((int)clock.Elapsed.TotalSeconds + 2);
    }

    [Theory, MemberData(nameof(JobsHost.Stores), MemberType = typeof(JobsHost))]
    public async Task AFailingRunIsRetriedAsItsPolicySaysAndOnlyTheLastFailedAttemptAlertsStaff(JobStore store)
    {
        await using var host = await JobsHost.StartAsync(store);
        await host.UserAsync("ops@platform.test", "Staff!pass1", PlatformRoles.PlatformAdmin);
        var attempts = new TaxStatementsJob(null!, TimeProvider.System, null!).Attempts;
        attempts.ShouldBe(3);

        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { [TaxStatementsJob.Year] = "1999" })))
            .Succeeded.ShouldBeTrue();
        for (var attempt = 1; attempt <= attempts + 1; attempt++)
        {
            var runs = await host.FinishedRunsAsync(JobCatalog.TaxStatements, attempt);
            var run = runs[attempt - 1];
            (run.Attempt, run.Status).ShouldBe((attempt, RunStatus.Failed));
            run.Error.ShouldNotBeNull().ShouldContain("Choose a year");
            var state = await UntilAsync(() => Task.FromResult(State(host, run.Trigger)), s => s == ScheduledState.StateName || s == FailedState.StateName,
                "Hangfire takes the failure");
            if (attempt <= attempts)
            {
                state.ShouldBe(ScheduledState.StateName, "a retry is scheduled after the job's delay");
                Alerts(host).ShouldBe(0);
                // The retry is due minutes later: bring it forward, as the dashboard's "Requeue" does.
                host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(run.Trigger).ShouldBeTrue();
            }
            else
            {
                state.ShouldBe(FailedState.StateName, "no attempt left");
            }
        }
        await UntilAsync(() => Task.FromResult(Alerts(host)), n => n == 1, "staff are emailed once");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.RunsAsync(JobCatalog.TaxStatements)).Count.ShouldBe(attempts + 1);
    }

    [Theory, MemberData(nameof(JobsHost.Stores), MemberType = typeof(JobsHost))]
    public async Task ARunTriggeredWithParametersGetsThemAndARetryOfItGetsTheSame(JobStore store)
    {
        await using var host = await JobsHost.StartAsync(store);

        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { ["colour"] = "red" })))
            .Errors.Keys.ShouldBe(["colour"]);
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { [TaxStatementsJob.Year] = "1999" })))
            .Succeeded.ShouldBeTrue();

        var failed = (await host.FinishedRunsAsync(JobCatalog.TaxStatements, 1)).Single();
        failed.Status.ShouldBe(RunStatus.Failed);
        failed.ErrorStack.ShouldNotBeNull().ShouldContain(nameof(Platform.Core.Giving.TaxStatementService));
        failed.Parameters.ShouldBe("""{"year":"1999"}""");
        using (var connection = host.Storage.GetConnection())
        {
            var job = connection.GetJobData(failed.Trigger).ShouldNotBeNull().Job;
            job.Args[0].ShouldBe(new Dictionary<string, string> { [TaxStatementsJob.Year] = "1999" });
            job.Args[1].ShouldBe("platformadmin@platform.test"); // who asked: the admin signed in for the dashboard
        }

        (await host.WithAsync(j => j.RetryAsync(failed.Id))).Succeeded.ShouldBeTrue();
        var runs = await host.FinishedRunsAsync(JobCatalog.TaxStatements, 2);
        var retry = runs.Single(r => r.Trigger != failed.Trigger);
        (retry.Parameters, retry.Attempt).ShouldBe((failed.Parameters, 1));
        (await host.WithAsync(j => j.RetryAsync(Guid.NewGuid()))).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task SupportReadsTheJobsButTheirTriggerPauseResumeRescheduleAndRetryAreRefusedAndChangeNothingWhileAnAdminsWork()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite);
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { [TaxStatementsJob.Year] = "1999" })))
            .Succeeded.ShouldBeTrue();
        var failed = (await host.FinishedRunsAsync(JobCatalog.TaxStatements, 1)).Single();
        failed.Status.ShouldBe(RunStatus.Failed);
        (await host.WithAsync(j => j.PauseAsync(JobCatalog.Backups, "maintenance"))).Succeeded.ShouldBeTrue();
        var schedules = await host.WithAsync(j => j.RecurringAsync(), PlatformRoles.Support);
        var hangfireJobs = CreatedJobs(host);
        var audited = await AuditedJobChangesAsync(host);

        foreach (var role in new[] { PlatformRoles.Support, null })
        {
            Result[] refused =
            [
                await host.WithAsync(j => j.TriggerAsync(JobCatalog.LedgerCheck), role),
                await host.WithAsync(j => j.TriggerAsync(JobCatalog.TaxStatements, new Dictionary<string, string?> { [TaxStatementsJob.Year] = "2026" }), role),
                await host.WithAsync(j => j.PauseAsync(JobCatalog.TaxStatements, "not theirs to pause"), role),
                await host.WithAsync(j => j.ResumeAsync(JobCatalog.Backups), role),
                await host.WithAsync(j => j.RescheduleAsync(JobCatalog.TaxStatements, "0 3 * * MON", "Europe/Berlin"), role),
                await host.WithAsync(j => j.RetryAsync(failed.Id), role),
            ];
            refused.Select(r => r.Errors.GetValueOrDefault("")?.SingleOrDefault())
                .ShouldAllBe(message => message != null && message.StartsWith("Only platform admins"), $"as {role ?? "a member"}");
        }

        // Nothing changed: no Hangfire job, no run, no schedule or Hangfire entry moved, no audit row for a change.
        CreatedJobs(host).ShouldBe(hangfireJobs);
        (await host.RunsAsync(JobCatalog.LedgerCheck)).ShouldBeEmpty();
        (await host.RunsAsync(JobCatalog.TaxStatements)).ShouldHaveSingleItem();
        var after = await host.WithAsync(j => j.RecurringAsync(), PlatformRoles.Support);
        after.Select(j => (j.Definition.Key, j.Cron, j.TimeZone, j.IsPaused)).ShouldBe(schedules.Select(j => (j.Definition.Key, j.Cron, j.TimeZone, j.IsPaused)));
        using (var connection = host.Storage.GetConnection())
        {
            var entries = connection.GetRecurringJobs([JobCatalog.TaxStatements, JobCatalog.Backups]).Where(r => !r.Removed).ToList();
            entries.ShouldHaveSingleItem().Cron.ShouldBe("0 2 15 1 *"); // the tax statements' own; the paused backups have none
        }
        (await AuditedJobChangesAsync(host)).ShouldBe(audited);

        // Support still reads everything the admin does.
        (await host.WithAsync(j => j.RunAsync(failed.Id), PlatformRoles.Support)).ShouldNotBeNull().Error.ShouldNotBeNull();
        (await host.WithAsync(j => j.RunsAsync(new RunFilter(), new Platform.Core.Common.PageRequest()), PlatformRoles.Support)).Items
            .Select(r => r.Id).ShouldBe([failed.Id]);
        (await host.WithAsync(j => j.NodesAsync(), PlatformRoles.Support)).ShouldContain(n => n.IsThisNode);

        (await host.WithAsync(j => j.ResumeAsync(JobCatalog.Backups))).Succeeded.ShouldBeTrue();
        (await host.WithAsync(j => j.RetryAsync(failed.Id))).Succeeded.ShouldBeTrue();
        (await host.FinishedRunsAsync(JobCatalog.TaxStatements, 2)).Count.ShouldBe(2);
        (await AuditedJobChangesAsync(host)).ShouldBe(audited + 2);
    }

    private static long CreatedJobs(JobsHost host)
    {
        var stats = host.Storage.GetMonitoringApi().GetStatistics();
        return stats.Enqueued + stats.Scheduled + stats.Processing + stats.Succeeded + stats.Failed + stats.Deleted;
    }

    private static async Task<int> AuditedJobChangesAsync(JobsHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        string[] changes = [AuditActions.JobTriggered, AuditActions.JobPaused, AuditActions.JobResumed, AuditActions.JobRescheduled];
        return await db.AuditEntries.CountAsync(a => changes.Contains(a.Action));
    }

    [Fact]
    public async Task PayoutsForAWeekThatHasNotEndedAreRefusedInTheDialogAndInTheRunWithoutARetry()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite);
        var nextWeek = DateTime.UtcNow.AddDays(8).ToString("yyyy-MM-dd");

        var refused = await host.WithAsync(j => j.TriggerAsync(JobCatalog.Payouts, new Dictionary<string, string?> { [PayoutsJob.AsOf] = nextWeek }));
        refused.Errors[PayoutsJob.AsOf].Single().ShouldContain("has not ended yet");
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.Payouts, new Dictionary<string, string?> { [PayoutsJob.AsOf] = "next monday" })))
            .Errors[PayoutsJob.AsOf].Single().ShouldBe("Give the date as yyyy-MM-dd, e.g. 2026-11-23.");
        (await host.RunsAsync(JobCatalog.Payouts)).ShouldBeEmpty();

        // A run enqueued without the dialog is refused by the run itself, once.
        var id = host.Services.GetRequiredService<IBackgroundJobClient>().Create(
            PlatformJob.Call(JobCatalog.Find(JobCatalog.Payouts)!, new Dictionary<string, string> { [PayoutsJob.AsOf] = nextWeek }), new EnqueuedState());
        var run = (await host.FinishedRunsAsync(JobCatalog.Payouts, 1)).Single();
        (run.Status, run.Trigger).ShouldBe((RunStatus.Failed, id));
        run.Error.ShouldNotBeNull().ShouldContain("is in the future");
        await UntilAsync(() => Task.FromResult(State(host, id)), s => s == SucceededState.StateName, "Hangfire sees the refusal as done");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.RunsAsync(JobCatalog.Payouts)).Count.ShouldBe(1); // not retried
    }

    [Fact]
    public async Task ARunForOneOrganizationIsListedToThatOrganizationOnly()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite);
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
    public async Task ANodeWithJobsOffProcessesNothingButItsDashboardStillEditsTheSchedule()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite, new() { ["Jobs:Enabled"] = "false" });

        (await host.WithAsync(j => j.NodesAsync())).ShouldBeEmpty();
        (await host.WithAsync(j => j.PauseAsync(JobCatalog.Backups, "maintenance"))).Succeeded.ShouldBeTrue();
        (await host.WithAsync(j => j.RecurringAsync())).Single(j => j.Definition.Key == JobCatalog.Backups).IsPaused.ShouldBeTrue();
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.LedgerCheck))).Succeeded.ShouldBeTrue();
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.RunsAsync(JobCatalog.LedgerCheck)).ShouldBeEmpty();
        host.Storage.GetMonitoringApi().EnqueuedCount("default").ShouldBe(1);
    }

    [Fact]
    public void MariaDbWithoutRedisFailsAtStartSayingRedisIsNeeded()
    {
        var error = Should.Throw<InvalidOperationException>(() => JobStorageFactory.Choose(Platform.Data.DatabaseProvider.MariaDb, redis: null));
        error.Message.ShouldContain("Redis:Configuration");
        error.Message.ShouldContain("no MariaDB storage");
        JobStorageFactory.Choose(Platform.Data.DatabaseProvider.MariaDb, "localhost:6379").ShouldBe(JobStore.Redis);
        JobStorageFactory.Choose(Platform.Data.DatabaseProvider.Postgres, null).ShouldBe(JobStore.Postgres);
        JobStorageFactory.Choose(Platform.Data.DatabaseProvider.Sqlite, null).ShouldBe(JobStore.Sqlite);
        JobStorageFactory.SqlitePath("Data Source=/srv/app/platform.db").ShouldBe("/srv/app/platform.hangfire.db");
    }

    [Fact]
    public async Task TheHangfireDashboardOpensToStaffOnlyAndSupportOnlyReads()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite);
        await host.UserAsync("ops@platform.test", "Staff!pass1", PlatformRoles.PlatformAdmin);
        await host.UserAsync("help@platform.test", "Staff!pass1", PlatformRoles.Support);
        await host.UserAsync("giver@example.test", "Donor!pass1");

        var anonymous = await host.NewClient().GetAsync(HangfireDashboard.Path);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/Account/Login");

        var donor = await host.SignedInClientAsync("giver@example.test", "Donor!pass1");
        var refused = await donor.GetAsync(HangfireDashboard.Path);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        (await donor.GetAsync($"{HangfireDashboard.Path}/stats")).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        var admin = await host.SignedInClientAsync("ops@platform.test", "Staff!pass1");
        var page = await admin.GetAsync($"{HangfireDashboard.Path}/recurring");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(JobCatalog.LedgerCheck);
        html.ShouldContain("/admin/jobs"); // the way back to our jobs page
        html.ShouldContain("/recurring/trigger"); // admins may act

        var support = await host.SignedInClientAsync("help@platform.test", "Staff!pass1");
        var read = await (await support.GetAsync($"{HangfireDashboard.Path}/recurring")).Content.ReadAsStringAsync();
        read.ShouldContain(JobCatalog.LedgerCheck);
        read.ShouldNotContain("/recurring/trigger");
        var trigger = await support.PostAsync($"{HangfireDashboard.Path}/recurring/trigger",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = JobCatalog.LedgerCheck }));
        trigger.IsSuccessStatusCode.ShouldBeFalse();

        // An admin's post without the page's antiforgery token is refused too.
        var forged = await admin.PostAsync($"{HangfireDashboard.Path}/recurring/trigger",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = JobCatalog.LedgerCheck }));
        forged.IsSuccessStatusCode.ShouldBeFalse();
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.RunsAsync(JobCatalog.LedgerCheck)).ShouldBeEmpty();
    }

    private static string? State(JobsHost host, string jobId)
    {
        using var connection = host.Storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    private static int Alerts(JobsHost host) =>
        host.Services.GetRequiredService<Outbox>().List().Count(m => m.Subject.Contains($"Job {JobCatalog.TaxStatements} failed"));

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            // A deadline, not a figure: on two cores busy with the rest of the suite a retry's back-off and pickup take a while.
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120), $"waiting until {what}; last saw {value}");
            await Task.Delay(200);
        }
    }

    private static Task UntilTrueAsync(Func<Task<bool>> done, string what) => UntilAsync(done, d => d, what);
}
