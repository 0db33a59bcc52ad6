using Hangfire;
using Platform.Core.Giving;
using Platform.Core.Jobs;

namespace Platform.Web.Jobs;

/// <summary>Every minute: gifts pending too long are settled from what the gateway says it did under their key.</summary>
[AutomaticRetry(Attempts = 1, DelaysInSeconds = [30])]
public sealed class GiftReconcileJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GiftReconcileJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<GiftReconciler>().ReconcileAsync(progress, cancellationToken);
}
