using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Platform.Core.Common;

/// <summary>
/// Writes submitted by many concurrent callers, applied a batch at a time by one writer: whatever waits when the writer
/// is free goes into its next unit of work, so a thousand callers share a few commits instead of queueing for a thousand
/// (the database's single writer lock on SQLite, a flush of the log per commit on PostgreSQL). A lone caller waits for
/// no one: its batch holds just it. When a batch fails, each of its items is written again alone, so one bad item (a
/// repeated key, a bug) fails only its own caller.
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _write;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<Waiting> _queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _batches;
    private long _busy;
    private long _items;

    /// <param name="write">Writes a batch in one unit of work and answers for each item, in order; throws to fail the batch.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        (_write, _maxBatch, _logger) = (write, maxBatch, logger);
        // The writer serves every caller, so it must not carry the first one's ambient state (its request, its tenant).
        using (ExecutionContext.SuppressFlow())
        {
            _writer = Task.Run(WriteAllAsync);
        }
    }

    /// <summary>Batches written so far, items in them and time spent writing (for measuring how well writes are grouped).</summary>
    public (long Batches, long Items, TimeSpan Busy) Written =>
        (Interlocked.Read(ref _batches), Interlocked.Read(ref _items), System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busy)));

    /// <summary>Queues the item and completes when its batch is committed (or has failed). Cancelling stops waiting only.</summary>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken ct = default)
    {
        var waiting = new Waiting(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(waiting))
        {
            throw new ObjectDisposedException(nameof(GroupCommit<TItem, TResult>), "The writer has stopped.");
        }
        return waiting.Done.Task.WaitAsync(ct);
    }

    /// <summary>Stops taking items; what is queued is still written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<Waiting>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var waiting))
            {
                batch.Add(waiting);
            }
            if (!await TryWriteAsync(batch))
            {
                foreach (var alone in batch)
                {
                    await TryWriteAsync([alone]);
                }
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _items, batch.Count);
            batch.Clear();
        }
    }

    /// <summary>Writes the batch and answers its callers; false (callers not answered) when a batch of several failed.</summary>
    private async Task<bool> TryWriteAsync(List<Waiting> batch)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = await _write(batch.Select(w => w.Item).ToList());
            Interlocked.Add(ref _busy, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"A batch of {batch.Count} was answered with {results.Count} results.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
            return true;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogInformation(e, "A batch of {Count} failed; writing its items one by one", batch.Count);
            return false;
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return true;
        }
    }

    private sealed record Waiting(TItem Item, TaskCompletionSource<TResult> Done);
}
