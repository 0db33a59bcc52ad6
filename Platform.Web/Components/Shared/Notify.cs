using MudBlazor;
using Platform.Core.Common;

namespace Platform.Web.Components.Shared;

/// <summary>The outcome of a command, said the same way on every page: a short success, or why it was not saved.</summary>
public static class Notify
{
    public static void Show(this ISnackbar snackbar, Result result, string success)
    {
        if (result.Succeeded)
        {
            snackbar.Add(success, Severity.Success, o => o.VisibleStateDuration = 4000);
        }
        else
        {
            snackbar.Add($"Not saved. {result.Summary}", Severity.Error, o => o.VisibleStateDuration = 8000);
        }
    }

    public static void Warn(this ISnackbar snackbar, string message) =>
        snackbar.Add(message, Severity.Warning, o => o.VisibleStateDuration = 10_000);
}
