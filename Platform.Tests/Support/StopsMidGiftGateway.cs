using Platform.Core.Common;
using Platform.Core.Payments;

namespace Platform.Tests.Support;

public enum StopsAt
{
    /// <summary>The gift is recorded pending; the card is never charged.</summary>
    BeforeCharge,

    /// <summary>The gateway charged (or declined) the card; its answer never reached us.</summary>
    AfterCharge,
}

/// <summary>
/// The simulated gateway as a process being killed sees it: at the chosen point of a charge the process stops, so
/// what happens next (recording the answer) never does. The gateway's own side goes on as it would.
/// </summary>
public sealed class StopsMidGiftGateway(SimulatedGateway gateway, StopsAt at) : IPaymentGateway
{
    public Task<Result<CardToken>> TokenizeAsync(CardDetails card, CancellationToken ct = default) => gateway.TokenizeAsync(card, ct);

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct = default)
    {
        if (at == StopsAt.AfterCharge)
        {
            await gateway.ChargeAsync(request, ct);
        }
        throw new ProcessStoppedException();
    }

    public Task<ChargeLookup> FindChargeAsync(string idempotencyKey, CancellationToken ct = default) => gateway.FindChargeAsync(idempotencyKey, ct);

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default) => gateway.RefundAsync(request, ct);

    public Task<PayoutResult> PayoutAsync(PayoutRequest request, CancellationToken ct = default) => gateway.PayoutAsync(request, ct);
}

public sealed class ProcessStoppedException() : Exception("The process was killed here.");
