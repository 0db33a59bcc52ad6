using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Platform.Core.Tenancy;
using MudBlazor;

namespace Platform.Web.Components.Shared;

/// <summary>
/// Catches a refused write to a read-only organization made outside an event handler (events are handled by
/// <see cref="MerchantComponent"/>, which keeps the page as it was), says why in a notification and shows the page again,
/// read afresh: Blazor disposes the components under a boundary that caught an error. Any other error falls through to
/// the usual handling.
/// </summary>
public sealed class ReadOnlyBoundary : ErrorBoundary
{
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        if (exception is not ReadOnlyOrganizationException)
        {
            return base.OnErrorAsync(exception);
        }
        Snackbar.Warn(exception.Message);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is ReadOnlyOrganizationException)
        {
            builder.AddContent(0, ChildContent); // the page again, not an error panel
            return;
        }
        base.BuildRenderTree(builder);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (CurrentException is ReadOnlyOrganizationException)
        {
            Recover();
        }
    }
}
