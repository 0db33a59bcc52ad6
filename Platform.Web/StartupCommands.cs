using Platform.Data;

namespace Platform.Web;

/// <summary>
/// Command-line verbs: `migrate` applies migrations and exits; `restore FILE` replaces the database with a backup and
/// exits; `--seed demo` reseeds the demo data.
/// </summary>
public static class StartupCommands
{
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Contains("migrate"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            app.Logger.LogInformation("Database is up to date.");
            return true;
        }
        var restore = Array.IndexOf(args, "restore");
        if (restore >= 0)
        {
            var file = args.ElementAtOrDefault(restore + 1)
                ?? throw new ArgumentException("Usage: dotnet run --project Platform.Web -- restore FILE");
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Platform.Data.Backups.BackupService>().RestoreAsync(Path.GetFullPath(file));
            app.Logger.LogInformation("Restored {File}. Start the app as usual.", file);
            return true;
        }
        var seed = Array.IndexOf(args, "--seed");
        if (seed >= 0 && args.ElementAtOrDefault(seed + 1) == "demo")
        {
            await using var scope = app.Services.CreateAsyncScope();
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await initializer.ReseedDemoAsync();
            app.Logger.LogInformation("Demo data reseeded.");
        }
        return false;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }
}
