using Hangfire;
using Platform.Core.Jobs;
using Platform.Core.Payouts;

namespace Platform.Web.Jobs;

/// <summary>Weekly (Monday 03:00): pays every organization what the ledger says it is owed for the week before.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [600, 1200, 2400])]
public sealed class PayoutsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PayoutsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    /// <summary>A date in the week after the period to pay (yyyy-MM-dd); today when empty.</summary>
    public const string AsOf = AsOfDate.Name;

    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken) =>
        services.GetRequiredService<PayoutService>().PayAsync(AsOfDate.From(parameters, Clock.GetUtcNow()), progress, cancellationToken);
}
