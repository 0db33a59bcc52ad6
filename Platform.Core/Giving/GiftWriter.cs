using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Payments;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>One of the writes a gift makes, and who it is made for (the audit log names them).</summary>
public abstract record GiftWrite(AuditActor Actor);

/// <summary>A gift to record as pending before its card is charged.</summary>
public sealed record PendingGift(Donation Donation, RecurringGift? Monthly, AuditActor Actor) : GiftWrite(Actor);

/// <summary>The charge a pending gift's card was charged with (the gift as recorded, not read again).</summary>
public sealed record AcceptedCharge(Donation Donation, string ChargeId, AuditActor Actor) : GiftWrite(Actor);

/// <summary>A verified gateway event to apply.</summary>
public sealed record GatewayConfirmation(GatewayEvent Event, AuditActor Actor) : GiftWrite(Actor);

/// <summary>
/// A pending gift the gateway has no accepted charge for: declined (<paramref name="DeclineMessage"/> says why) or, when it
/// is null, never charged at all.
/// </summary>
public sealed record UnchargedGift(Guid DonationId, Guid OrganizationId, string? DeclineMessage, AuditActor Actor) : GiftWrite(Actor);

/// <summary>What applying a gateway event came to; a gift it made succeed comes with what its receipt names.</summary>
public sealed record ConfirmationOutcome(Result Result, Donation? Succeeded = null, Organization? Charity = null, string? ProgramName = null);

/// <summary>
/// The writes every gift makes (recorded pending under its key, the charge the gateway accepted, the gateway's
/// confirmation with receipt number, ledger entry and journey), grouped across concurrent gifts by a writer
/// (<see cref="GroupCommit{TItem,TResult}"/>): whatever is waiting is written by a <see cref="GiftBatch"/> in one
/// transaction. One writer for charges, confirmations and settlements: concurrent batches of those would queue for each
/// charity's receipt counter and could deadlock on it (one batch recording a gift's charge while another confirms it).
/// Gifts recorded pending have a second writer on a server database (see <see cref="RecordPendingAsync"/>); SQLite takes
/// one writer at a time, and writers queueing for its lock sleep in its busy handler, so there it is the same one.
/// </summary>
public sealed class GiftWriter : IAsyncDisposable
{
    private readonly GroupCommit<GiftWrite, object> _writes;
    private readonly GroupCommit<GiftWrite, object> _records;
    private readonly Lazy<Task<bool>> _singleWriter;

    public GiftWriter(IServiceScopeFactory scopes, GivingOptions options, ILogger<GiftWriter> logger)
    {
        Func<IReadOnlyList<GiftWrite>, Task<IReadOnlyList<object>>> write = async writes =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GiftBatch>().WriteAsync(writes);
        };
        _writes = new(write, options.WriteBatch, logger);
        _records = new(write, options.WriteBatch, logger);
        _singleWriter = new(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
            return db.SingleWriter;
        });
    }

    /// <summary>
    /// True when recorded; false when its key was already taken (a repeated submission). On a server database gifts are
    /// recorded pending by a writer of their own, beside the one that records charges and confirmations: a pending gift
    /// only inserts rows of its own (no receipt counter, no row another write changes), so the two cannot deadlock, and
    /// each gift's next write waits for this one anyway. On SQLite, which takes one writer at a time, there is one writer.
    /// </summary>
    public async Task<bool> RecordPendingAsync(PendingGift gift, CancellationToken ct = default) =>
        (bool)await (await _singleWriter.Value ? _writes : _records).SubmitAsync(gift, ct);

    public Task RecordChargeAsync(AcceptedCharge charge, CancellationToken ct = default) => _writes.SubmitAsync(charge, ct);

    public async Task<ConfirmationOutcome> ConfirmAsync(GatewayConfirmation confirmation, CancellationToken ct = default) =>
        (ConfirmationOutcome)await _writes.SubmitAsync(confirmation, ct);

    /// <summary>True when the gift was settled; false when it was no longer pending.</summary>
    public async Task<bool> SettleUnchargedAsync(UnchargedGift gift, CancellationToken ct = default) => (bool)await _writes.SubmitAsync(gift, ct);

    /// <summary>Units of work written so far, writes in them and time spent writing, by both writers.</summary>
    public (long Batches, long Items, TimeSpan Busy) Written
    {
        get
        {
            var (writes, records) = (_writes.Written, _records.Written);
            return (writes.Batches + records.Batches, writes.Items + records.Items, writes.Busy + records.Busy);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _records.DisposeAsync();
        await _writes.DisposeAsync();
    }
}
