using Radzen;

namespace Platform.Web.Components.Shared;

/// <summary>The one confirmation step before anything destructive, the same everywhere.</summary>
public static class Confirm
{
    public static async Task<bool> AskAsync(this DialogService dialogs, string question, string confirmText, string title = "Please confirm") =>
        await dialogs.Confirm(question, title, new ConfirmOptions { OkButtonText = confirmText, CancelButtonText = "Cancel" }) == true;
}
