using Hangfire;
using Platform.Core.Giving;
using Platform.Core.Jobs;

namespace Platform.Web.Jobs;

/// <summary>Daily: charges the monthly gifts that are due, retries declined ones, suspends those that keep failing.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [900, 1800, 3600])]
public sealed class RecurringGiftsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecurringGiftsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<RecurringGivingService>().ChargeDueAsync(progress, cancellationToken, AsOfDate.From(parameters, Clock.GetUtcNow()));
}
