using Hangfire;
using Platform.Core.Jobs;
using Platform.Data.Backups;

namespace Platform.Web.Jobs;

/// <summary>Daily (02:00): a verified backup of the application database, older ones pruned. A failure alerts staff.</summary>
[AutomaticRetry(Attempts = 2, DelaysInSeconds = [1800, 1800])]
public sealed class BackupsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BackupsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<BackupService>().RunAsync(progress, cancellationToken);
}
