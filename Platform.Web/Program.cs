using Platform.Data;
using Platform.Web;
using Platform.Web.Components;
using Platform.Web.Jobs;
using Platform.Web.Observability;
using Platform.Web.Nodes;
using Platform.Web.PublicPages;
using Platform.Web.Security;

StartupTrace.Mark("main");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json and wwwroot/ live at the repository root and are copied beside the binaries.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddPlatformWeb();

var app = builder.Build();
StartupTrace.Mark("host built");

if (await app.RunCommandAsync(args))
{
    return;
}

await app.InitializeDatabaseAsync();
StartupTrace.Mark("database ready");

app.UseStartupTrace();

app.UseProxyHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    // The error page logs the exception with the reference it shows, so the handler's own line would only repeat it.
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = "/Error",
        CreateScopeForErrors = true,
        SuppressDiagnosticsCallback = _ => true,
    });
}
app.UseHsts(); // only over HTTPS, and never for localhost
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseStaticFiles();
app.UseAuthentication();
app.UseAccountRateLimits();
app.UsePlatformPrincipal();
app.UseAuthorization();
app.UsePublicPageCache();
app.UsePlatformHangfireDashboard();
app.UseAntiforgery();
app.MapPlatformMetrics();

app.MapStaticAssets();
app.MapPlatformEndpoints();
// The whole policy, frame-ancestors included, comes from UseSecurityHeaders; Blazor would set only frame-ancestors.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

public partial class Program;
