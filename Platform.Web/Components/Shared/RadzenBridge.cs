using Radzen;
using Platform.Core.Common;

namespace Platform.Web.Components.Shared;

// Temporary: pages not yet on MudBlazor. Deleted with the last of them.
public static class RadzenBridge
{
    public static void Show(this NotificationService notifications, Result result, string success)
    {
        if (result.Succeeded)
        {
            notifications.Notify(NotificationSeverity.Success, success, duration: 4000);
        }
        else
        {
            notifications.Notify(NotificationSeverity.Error, "Not saved", result.Summary, duration: 8000);
        }
    }

    public static async Task<bool> AskAsync(this DialogService dialogs, string question, string confirmText, string title = "Please confirm") =>
        await dialogs.Confirm(question, title, new ConfirmOptions { OkButtonText = confirmText, CancelButtonText = "Cancel" }) == true;
}
