using Hangfire;
using Platform.Core.Giving;
using Platform.Core.Jobs;

namespace Platform.Web.Jobs;

/// <summary>Yearly (15 January) or on demand: the tax statements of a year, for everyone or one charity or donor.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [600, 1200, 2400])]
public sealed class TaxStatementsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TaxStatementsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    public const string Year = "year";
    public const string Charity = Organization;
    public const string Donor = "donor";

    protected override async Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken)
    {
        var run = new StatementRun(
            parameters.TryGetValue(Year, out var y) ? int.Parse(y, System.Globalization.CultureInfo.InvariantCulture) : Clock.GetUtcNow().Year - 1,
            parameters.TryGetValue(Charity, out var c) ? Guid.Parse(c) : null,
            parameters.GetValueOrDefault(Donor));
        progress.Log($"Tax statements for {run}.");
        await services.GetRequiredService<TaxStatementService>().IssueAsync(run, progress, cancellationToken);
    }
}
