using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Web.Hosting;
using Platform.Web.Jobs;

namespace Platform.Tests.Web;

public sealed class AfterListeningTests
{
    [Fact]
    public async Task TheServerAnswersWhileAServiceStartedAfterListeningIsStillStartingAndTheHostCountsAsStartedOnlyOnceItIsDone()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var held = new Held();
        builder.Services.AddSingleton(held);
        builder.Services.AddHostedServiceAfterListening<HeldService>();
        await using var app = builder.Build();
        app.MapGet("/", () => "first page");

        var starting = app.StartAsync();
        await held.Starting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient();
        var page = await http.GetAsync(address);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        starting.IsCompleted.ShouldBeFalse("the host waits for the service started after listening");
        held.Release.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        held.Started.ShouldBeTrue();
        await app.StopAsync();
        held.Stopped.ShouldBeTrue();
    }

    [Fact]
    public async Task TheJobScheduleSyncAndTheHangfireServerStartAfterTheServerListensAndStillRun()
    {
        await using var host = await JobsHost.StartAsync(JobStore.Sqlite);

        host.Services.GetServices<IHostedService>().ShouldNotContain(s => s is JobScheduleSync || s is BackgroundJobServerHostedService);
        host.Services.GetServices<IHostedService>().OfType<AfterListening>().Count().ShouldBe(2);
        (await host.WithAsync(j => j.RecurringAsync())).Count.ShouldBe(JobCatalog.All.Count, "the schedule synced into Hangfire");
        (await host.WithAsync(j => j.TriggerAsync(JobCatalog.LedgerCheck))).Succeeded.ShouldBeTrue();
        (await host.FinishedRunsAsync(JobCatalog.LedgerCheck, 1)).ShouldHaveSingleItem().Status.ShouldBe(Platform.Core.Jobs.RunStatus.Succeeded);
    }

    private sealed class Held
    {
        public TaskCompletionSource Starting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Started { get; set; }
        public bool Stopped { get; set; }
    }

    private sealed class HeldService(Held held) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            held.Starting.SetResult();
            await held.Release.Task;
            held.Started = true;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            held.Stopped = true;
            return Task.CompletedTask;
        }
    }
}
