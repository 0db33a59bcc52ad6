using Hangfire;
using Platform.Core.Jobs;
using Platform.Core.Ledger;

namespace Platform.Web.Jobs;

/// <summary>Nightly: the ledger's invariants. A broken ledger fails the run, which alerts staff; retrying would not mend it.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class LedgerCheckJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<LedgerCheckJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    protected override async Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken)
    {
        progress.Total(1);
        var report = await services.GetRequiredService<LedgerCheck>().RunAsync(cancellationToken);
        progress.Done();
        progress.Log(report.ToString());
        if (!report.IsHealthy)
        {
            throw new InvalidOperationException(report.ToString());
        }
    }
}
