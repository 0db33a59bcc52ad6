using MudBlazor;

namespace Platform.Web.Components.Shared;

/// <summary>The one confirmation step before anything destructive, the same everywhere.</summary>
public static class Confirm
{
    public static async Task<bool> AskAsync(this IDialogService dialogs, string question, string confirmText, string title = "Please confirm") =>
        await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title,
            Message = question,
            YesText = confirmText,
            CancelText = "Cancel",
        }) == true;
}
