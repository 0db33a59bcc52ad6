using Platform.Core.Common;

namespace Platform.Core.Giving;

/// <summary>
/// The public catalogue (charities, their programs and what each has raised) is the same for every visitor, and every
/// public page reads it, so one copy per node is kept instead of four queries per page view. A gift, a journey step or
/// a program saved on this node drops the copy at once; what has no event here (a refund, a charity renamed by staff,
/// a change on another node) shows within <see cref="Freshness"/>.
/// </summary>
public sealed class PublicCatalogue : IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _clock;
    private readonly IDisposable[] _subscriptions;
    private long _version;
    private Entry? _entry;

    public PublicCatalogue(EventBus events, TimeProvider clock)
    {
        _clock = clock;
        _subscriptions =
        [
            events.Subscribe<DonationSucceeded>(_ => OnChange()),
            events.Subscribe<JourneyAdvanced>(_ => OnChange()),
        ];
    }

    public async Task<IReadOnlyList<CharityCard>> CharitiesAsync(Func<CancellationToken, Task<IReadOnlyList<CharityCard>>> load,
        CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        if (Volatile.Read(ref _entry) is { } entry && entry.Version == version && _clock.GetUtcNow() - entry.LoadedAt < Freshness)
        {
            return entry.Charities;
        }
        var loadedAt = _clock.GetUtcNow();
        var charities = await load(ct);
        // Kept only if nothing changed while it loaded: otherwise it may predate the change, and the next reader loads again.
        if (Interlocked.Read(ref _version) == version)
        {
            Volatile.Write(ref _entry, new Entry(charities, loadedAt, version));
        }
        return charities;
    }

    /// <summary>Changes whenever the copy is dropped: what was built from the catalogue before may be out of date.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Raised after the copy is dropped, for what keeps things built from it (the cached public pages).</summary>
    public event Action? Invalidated;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        Invalidated?.Invoke();
    }

    private Task OnChange()
    {
        Invalidate();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private sealed record Entry(IReadOnlyList<CharityCard> Charities, DateTimeOffset LoadedAt, long Version);
}
