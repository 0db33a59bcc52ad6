using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Platform.Web.Observability;

/// <summary>Counts circuits from open to close, whatever ends them (the tab closed, the disconnect timeout, an error).</summary>
internal sealed class MetricsCircuitHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        PlatformMetrics.CircuitsOpen.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        PlatformMetrics.CircuitsOpen.Add(-1);
        return Task.CompletedTask;
    }
}
