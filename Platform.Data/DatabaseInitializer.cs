using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Data.Identity;

namespace Platform.Data;

/// <summary>Brings a database up to date: migrations, the platform roles, and demo data on an empty embedded database.</summary>
public sealed class DatabaseInitializer(
    PlatformDbContext db,
    RoleManager<PlatformRole> roles,
    DemoSeeder seeder,
    DatabaseOptions options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging is remembered by the file: readers no longer wait for the writer.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                await command.ExecuteScalarAsync(ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        if (options.Provider == DatabaseProvider.Postgres)
        {
            // The provider's own lock is a table lock that each migration's transaction takes and lets go of, so two nodes
            // on an empty database both applied the second migration. A session lock held over the whole run makes them
            // take turns: the second finds nothing pending. (MariaDB's named lock is held over the run already.)
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresMigrationLock})", ct);
                await ApplyPendingAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresMigrationLock})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
        else
        {
            await ApplyPendingAsync(ct);
        }
        foreach (var role in PlatformRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                try
                {
                    await roles.CreateAsync(new PlatformRole(role));
                }
                catch (DbUpdateException e) when (db.IsUniqueViolation(e))
                {
                    // Another node starting at the same moment created it first.
                    db.ChangeTracker.Clear();
                }
            }
        }
    }

    /// <summary>The key of the PostgreSQL advisory lock nodes take in turn to migrate ("platform" in ASCII).</summary>
    private const long PostgresMigrationLock = 0x706C6174666F726D;

    private async Task ApplyPendingAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }
    }

    /// <summary>Drops the database, recreates it and seeds the demo data afresh (`--seed demo`).</summary>
    public async Task ReseedDemoAsync(CancellationToken ct = default)
    {
        await db.Database.EnsureDeletedAsync(ct);
        await MigrateAsync(ct);
        await seeder.SeedAsync(ct);
    }

    /// <summary>Runs at start: migrate when configured, then seed demo data the first time (embedded default, or a server database when asked).</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        // Timed for the start-up trace: on a new database these two are most of the wait for the first page.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (options.MigrateOnStart)
        {
            await MigrateAsync(ct);
        }
        var migrated = System.Diagnostics.Stopwatch.GetTimestamp();
        if (options.SeedDemoData && (options.Provider == DatabaseProvider.Sqlite || options.SeedDemoOnServer) && !await db.Users.AnyAsync(ct))
        {
            await seeder.SeedAsync(ct);
        }
        logger.LogInformation("Start-up: migrations checked in {Migrate:N0} ms, demo data checked in {Seed:N0} ms",
            System.Diagnostics.Stopwatch.GetElapsedTime(started, migrated).TotalMilliseconds,
            System.Diagnostics.Stopwatch.GetElapsedTime(migrated).TotalMilliseconds);
    }
}
