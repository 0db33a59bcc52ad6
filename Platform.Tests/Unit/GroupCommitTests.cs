using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Common;

namespace Platform.Tests.Unit;

public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WritesWaitingWhileTheWriterIsBusyShareItsNextBatchAndEachCallerGetsItsOwnAnswer()
    {
        var batches = new List<int[]>();
        var firstBatchStarted = new TaskCompletionSource();
        var releaseFirstBatch = new TaskCompletionSource();
        await using var commit = new GroupCommit<int, string>(async items =>
        {
            lock (batches)
            {
                batches.Add(items.ToArray());
            }
            if (items.Contains(0))
            {
                firstBatchStarted.SetResult();
                await releaseFirstBatch.Task;
            }
            return items.Select(i => $"wrote {i}").ToList();
        }, maxBatch: 4, NullLogger.Instance);

        var first = commit.SubmitAsync(0);
        await firstBatchStarted.Task.WaitAsync(Patience);
        var waiting = Enumerable.Range(1, 6).Select(i => commit.SubmitAsync(i)).ToList(); // queued behind the busy writer
        releaseFirstBatch.SetResult();

        (await first.WaitAsync(Patience)).ShouldBe("wrote 0");
        (await Task.WhenAll(waiting).WaitAsync(Patience)).ShouldBe(Enumerable.Range(1, 6).Select(i => $"wrote {i}"));
        batches.Select(b => b.Length).ShouldBe([1, 4, 2]); // no batch larger than allowed
        commit.Written.Batches.ShouldBe(3);
        commit.Written.Items.ShouldBe(7);
    }

    [Fact]
    public async Task WhenABatchFailsEachWriteIsTriedAloneSoOnlyTheBadOneFails()
    {
        var blockerStarted = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var tries = new List<int[]>();
        await using var commit = new GroupCommit<int, int>(async items =>
        {
            lock (tries)
            {
                tries.Add(items.ToArray());
            }
            if (items.Contains(1))
            {
                blockerStarted.TrySetResult();
            }
            await gate.Task;
            return items.Contains(13) ? throw new InvalidOperationException("13 cannot be written") : items.Select(i => i * 2).ToList();
        }, maxBatch: 10, NullLogger.Instance);

        var blocker = commit.SubmitAsync(1);
        await blockerStarted.Task.WaitAsync(Patience);
        var batch = new[] { 2, 13, 4 }.Select(i => commit.SubmitAsync(i)).ToList();
        gate.SetResult();

        (await blocker.WaitAsync(Patience)).ShouldBe(2);
        (await batch[0].WaitAsync(Patience)).ShouldBe(4);
        (await Should.ThrowAsync<InvalidOperationException>(batch[1].WaitAsync(Patience))).Message.ShouldBe("13 cannot be written");
        (await batch[2].WaitAsync(Patience)).ShouldBe(8);
        tries.ShouldContain(t => t.Length == 3); // tried together first
        tries.Count(t => t.SequenceEqual(new[] { 13 })).ShouldBe(1);
    }

    [Fact]
    public async Task TheWriterDoesNotCarryTheFirstCallersAmbientState()
    {
        var ambient = new AsyncLocal<string?>();
        string? seenByWriter = "not written";
        ambient.Value = "the first caller's request";
        await using var commit = new GroupCommit<int, int>(items =>
        {
            seenByWriter = ambient.Value;
            return Task.FromResult<IReadOnlyList<int>>(items.ToList());
        }, maxBatch: 10, NullLogger.Instance);

        await commit.SubmitAsync(1).WaitAsync(Patience);

        seenByWriter.ShouldBeNull();
    }

    [Fact]
    public async Task StoppingWritesWhatIsQueuedAndRefusesMore()
    {
        var gate = new TaskCompletionSource();
        var commit = new GroupCommit<int, int>(async items =>
        {
            await gate.Task;
            return items.ToList();
        }, maxBatch: 10, NullLogger.Instance);
        var queued = Enumerable.Range(0, 5).Select(i => commit.SubmitAsync(i)).ToList();

        var stopping = commit.DisposeAsync().AsTask();
        gate.SetResult();
        await stopping.WaitAsync(Patience);

        (await Task.WhenAll(queued)).ShouldBe([0, 1, 2, 3, 4]);
        Should.Throw<ObjectDisposedException>(() => commit.SubmitAsync(5));
    }
}
