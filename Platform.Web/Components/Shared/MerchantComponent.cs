using Microsoft.AspNetCore.Components;
using Platform.Core.Tenancy;
using MudBlazor;

namespace Platform.Web.Components.Shared;

/// <summary>
/// The base of every merchant page and component (set in the merchant folder's <c>_Imports.razor</c>). When something the
/// user did is refused because the organization is read-only, it says why in a notification and the page stays as it
/// was, a form being filled in included. It handles events as <see cref="ComponentBase"/> does otherwise: one render
/// when the handler yields, one when it completes. <see cref="ReadOnlyBoundary"/> remains for refusals outside events.
/// </summary>
public abstract class MerchantComponent : ComponentBase, IHandleEvent
{
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        Task task;
        try
        {
            task = callback.InvokeAsync(arg);
        }
        catch (ReadOnlyOrganizationException refused)
        {
            Refused(refused);
            return Task.CompletedTask;
        }
        var pending = task.Status is not (TaskStatus.RanToCompletion or TaskStatus.Canceled);
        StateHasChanged();
        return pending ? CompleteAsync(task) : Task.CompletedTask;
    }

    private async Task CompleteAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (ReadOnlyOrganizationException refused)
        {
            Refused(refused);
        }
        catch (OperationCanceledException) when (task.IsCanceled)
        {
            return; // the handler was cancelled: nothing to show, as ComponentBase
        }
        StateHasChanged();
    }

    private void Refused(ReadOnlyOrganizationException refused) => Snackbar.Warn(refused.Message);
}
