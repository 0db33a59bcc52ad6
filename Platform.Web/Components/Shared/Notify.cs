using Platform.Core.Common;
using Radzen;

namespace Platform.Web.Components.Shared;

/// <summary>Toast messages for command results.</summary>
public static class Notify
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
}
