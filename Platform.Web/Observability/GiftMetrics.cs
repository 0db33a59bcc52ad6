using Platform.Core.Common;
using Platform.Core.Giving;

namespace Platform.Web.Observability;

/// <summary>Counts succeeded gifts from the event the giving service publishes, so the service knows nothing of metrics.</summary>
internal sealed class GiftMetrics(EventBus events) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe<DonationSucceeded>(_ =>
        {
            PlatformMetrics.GiftsSucceeded.Add(1);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
