using Microsoft.AspNetCore.OutputCaching;
using Platform.Core.Giving;

namespace Platform.Web.PublicPages;

/// <summary>
/// Drops the cached public pages whenever the catalogue is dropped (a gift, a journey step, a program saved), so they
/// free their memory at once; the catalogue's version in each page's key already keeps an older page from being served.
/// </summary>
internal sealed class PublicPageEviction(PublicCatalogue catalogue, IOutputCacheStore store, ILogger<PublicPageEviction> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalogue.Invalidated += Evict;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        catalogue.Invalidated -= Evict;
        return Task.CompletedTask;
    }

    private void Evict() => _ = EvictAsync();

    private async Task EvictAsync()
    {
        try
        {
            await store.EvictByTagAsync(PublicPageCache.Tag, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The version in the key still keeps the stale pages from being served; they expire by themselves.
            logger.LogWarning(e, "Dropping the cached public pages failed");
        }
    }
}
