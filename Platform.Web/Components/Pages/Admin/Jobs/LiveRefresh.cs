using Microsoft.AspNetCore.Components;

namespace Platform.Web.Components.Pages.Admin.Jobs;

/// <summary>A page that re-reads itself every couple of seconds while open, so running jobs move without a reload.</summary>
public abstract class LiveRefresh : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;

    protected virtual TimeSpan Every => TimeSpan.FromSeconds(2);

    /// <summary>Reads the page's data again; called on each tick.</summary>
    protected abstract Task RefreshAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _timer = new PeriodicTimer(Every);
            _ = TickAsync(_timer, _stop.Token);
        }
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _timer?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
