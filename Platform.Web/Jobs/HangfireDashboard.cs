using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Platform.Core.Access;

namespace Platform.Web.Jobs;

/// <summary>
/// Hangfire's own dashboard at <see cref="Path"/>, for platform staff signed in with our cookie: admins may trigger,
/// requeue and delete there; support staff only read. Hangfire checks antiforgery tokens on its own posts, since the
/// app registers antiforgery.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = "/admin/hangfire";

    public static IApplicationBuilder UsePlatformHangfireDashboard(this WebApplication app)
    {
        // In front of the dashboard, so a visitor who is not signed in is sent to sign in (and a member who is not staff
        // is refused) as on every other admin page, rather than getting Hangfire's bare 401.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }
            if (!await StaffOnly.IsStaffAsync(context))
            {
                await context.ForbidAsync();
                return;
            }
            await next(context);
        }));
        return app.UseHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = "/admin/jobs",
            DashboardTitle = "Platform jobs (Hangfire)",
            Authorization = [],
            AsyncAuthorization = [new StaffOnly()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(PlatformRoles.PlatformAdmin),
            DisplayStorageConnectionString = false,
        });
    }

    /// <summary>Hangfire's own check, with our admin policy: the dashboard never opens to anyone else, whatever sits in front.</summary>
    public sealed class StaffOnly : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context) => IsStaffAsync(context.GetHttpContext());

        public static async Task<bool> IsStaffAsync(HttpContext context) =>
            (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, PortalPolicies.Admin)).Succeeded;
    }
}
