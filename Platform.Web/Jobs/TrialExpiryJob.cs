using Hangfire;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;

namespace Platform.Web.Jobs;

/// <summary>Daily (01:00): trial reminders 7, 3 and 1 days before the end, and expiry at the end.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [600, 1200, 2400])]
public sealed class TrialExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TrialExpiryJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<TrialService>().RunAsync(progress, cancellationToken, AsOfDate.From(parameters, Clock.GetUtcNow()));
}
