using Platform.Core.Giving;
using Platform.Core.Jobs;
using Quartz;

namespace Platform.Web.Jobs;

/// <summary>Every minute: gifts pending too long are settled from what the gateway says it did under their key.</summary>
[RetryPolicy(1, "00:00:30", 1.0)]
public sealed class GiftReconcileJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GiftReconcileJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<GiftReconciler>().ReconcileAsync(progress, cancellationToken);
}
