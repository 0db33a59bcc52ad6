using Platform.Core.Giving;
using Platform.Core.Jobs;
using Quartz;

namespace Platform.Web.Jobs;

/// <summary>Daily: charges the monthly gifts that are due, retries declined ones, suspends those that keep failing.</summary>
[RetryPolicy(3, "00:15:00", 2.0)]
public sealed class RecurringGiftsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecurringGiftsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<RecurringGivingService>().ChargeDueAsync(progress, cancellationToken, AsOfDate.From(parameters, Clock.GetUtcNow()));
}
