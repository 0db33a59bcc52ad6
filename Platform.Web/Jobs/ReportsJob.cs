using Hangfire;
using Platform.Core.Jobs;
using Platform.Core.Reports;

namespace Platform.Web.Jobs;

/// <summary>Monthly (the 1st, 06:00): last month's report to every organization's owners, and the platform report to staff.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [600, 1200, 2400])]
public sealed class ReportsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReportsJob> logger)
    : PlatformJob(scopes, clock, logger)
{
    /// <summary>The month to report (yyyy-MM); last month when empty.</summary>
    public const string Month = "month";

    protected override Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> parameters, IJobProgress progress,
        CancellationToken cancellationToken)
    {
        var month = ReportMonth.Before(Clock.GetUtcNow());
        if (parameters.TryGetValue(Month, out var text) && !ReportMonth.TryParse(text, out month))
        {
            throw new ArgumentException($"\"{text}\" is not a month; write it as yyyy-MM.");
        }
        Guid? organization = parameters.TryGetValue(Organization, out var o) ? Guid.Parse(o) : null;
        return services.GetRequiredService<ReportService>().RunMonthlyAsync(month, organization, progress, cancellationToken);
    }
}
