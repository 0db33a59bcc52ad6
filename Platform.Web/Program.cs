using Platform.Data;
using Platform.Web;
using Platform.Web.BlazorScript;
using Platform.Web.Components;
using Platform.Web.Security;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json and wwwroot/ live at the repository root and are copied beside the binaries.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddPlatformWeb();

var app = builder.Build();

if (await app.RunCommandAsync(args))
{
    return;
}

await app.InitializeDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseStaticFiles();
app.UseAuthentication();
app.UseAccountRateLimits();
app.UsePlatformPrincipal();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapEmbeddedBlazorScript();
app.MapPlatformEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
