using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Core.Jobs;

namespace Platform.Data.Backups;

/// <summary>The "Backups" configuration section.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    public string Folder { get; set; } = "App_Data/backups";
    public int KeepDaily { get; set; } = 7;
    public int KeepWeekly { get; set; } = 4;
    public int KeepMonthly { get; set; } = 12;
}

public sealed record BackupFile(string Name, long Size, DateTimeOffset CreatedAt, bool Verified, string? Note);

/// <summary>
/// Backups of the application database: SQLite through its online backup API (a consistent snapshot while the app
/// runs) compressed with gzip; PostgreSQL with <c>pg_dump -Fc</c> (compressed by pg_dump); MariaDB with
/// <c>mariadb-dump --single-transaction</c>, gzipped (<see cref="MariaDbBackup"/>). Each is verified by restoring
/// it into a scratch database and comparing the row counts of the main tables with the source's at backup time; the
/// outcome is written beside the file. Old backups are pruned to 7 daily, 4 weekly and 12 monthly.
/// </summary>
public sealed class BackupService(DatabaseOptions database, BackupOptions options, TimeProvider clock, ILogger<BackupService> logger)
{
    /// <summary>The tables whose row counts prove a restore complete.</summary>
    public static readonly string[] MainTables =
        ["Organizations", "AspNetUsers", "Memberships", "Donations", "JournalEntries", "JournalLines", "TaxStatements", "Payouts", "AuditEntries"];

    private string Folder => Path.GetFullPath(options.Folder);

    public async Task<BackupFile> RunAsync(IJobProgress progress, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        progress.Total(3);
        var (path, expected) = database.Provider switch
        {
            DatabaseProvider.Postgres => await DumpPostgresAsync(Path.Combine(Folder, $"platform-{stamp}.dump"), ct),
            DatabaseProvider.MariaDb => await DumpMariaDbAsync(Path.Combine(Folder, $"platform-{stamp}{MariaDbBackup.Extension}"), ct),
            _ => await BackupSqliteAsync(Path.Combine(Folder, $"platform-{stamp}.db.gz"), ct),
        };
        progress.Done();
        progress.Log($"Backup written: {Path.GetFileName(path)}, {new FileInfo(path).Length:N0} bytes.");

        var restored = await CountRestoredAsync(path, ct);
        var differences = MainTables.Where(t => expected[t] != restored[t]).Select(t => $"{t} {expected[t]} → {restored[t]}").ToList();
        var note = differences.Count == 0
            ? "Restored into a scratch database: " + string.Join(", ", MainTables.Select(t => $"{t} {restored[t]}"))
            : "Row counts differ after restore: " + string.Join(", ", differences);
        await File.WriteAllTextAsync(path + (differences.Count == 0 ? ".verified" : ".failed"), note, ct);
        progress.Done();
        progress.Log(note);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException($"Backup {Path.GetFileName(path)} did not verify. {note}");
        }

        foreach (var old in Prune())
        {
            progress.Log($"Pruned {old}.");
        }
        progress.Done();
        return List().First(b => b.Name == Path.GetFileName(path));
    }

    /// <summary>The backups on disk, newest first.</summary>
    public IReadOnlyList<BackupFile> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(Folder, "platform-*")
            .Where(f => f.EndsWith(".db.gz", StringComparison.Ordinal) || f.EndsWith(".dump", StringComparison.Ordinal)
                || f.EndsWith(MariaDbBackup.Extension, StringComparison.Ordinal))
            .Select(f => new FileInfo(f))
            .Select(f => new BackupFile(f.Name, f.Length, TakenAt(f.Name), File.Exists(f.FullName + ".verified"),
                File.Exists(f.FullName + ".verified") ? File.ReadAllText(f.FullName + ".verified")
                : File.Exists(f.FullName + ".failed") ? File.ReadAllText(f.FullName + ".failed") : null))
            .OrderByDescending(b => b.CreatedAt).ToList();
    }

    /// <summary>The full path of a listed backup, or null for any other name (no path tricks).</summary>
    public string? PathOf(string name) => List().Any(b => b.Name == name) ? Path.Combine(Folder, name) : null;

    /// <summary>Replaces the application database with a backup. The app must not be running against it.</summary>
    public async Task RestoreAsync(string file, CancellationToken ct = default)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"No backup at {file}.", file);
        }
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "-d", target.Database!, file], target, ct);
            return;
        }
        if (database.Provider == DatabaseProvider.MariaDb)
        {
            MySql.Data.MySqlClient.MySqlConnection.ClearAllPools();
            var name = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(database.ConnectionString).Database;
            await MariaDbBackup.LoadAsync(database.ConnectionString!, name, file, ct);
            return;
        }
        var target_ = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();
        if (File.Exists(target_))
        {
            File.Copy(target_, target_ + ".before-restore", overwrite: true);
        }
        foreach (var side in new[] { target_ + "-wal", target_ + "-shm" })
        {
            File.Delete(side);
        }
        await using var input = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        await using var output = File.Create(target_);
        await input.CopyToAsync(output, ct);
    }

    /// <summary>Keeps the newest backup of each of the last 7 days, 4 ISO weeks and 12 months; deletes the rest.</summary>
    public IReadOnlyList<string> Prune()
    {
        var all = List();
        var keep = new HashSet<string>();
        void KeepNewest(Func<BackupFile, string> period, int count)
        {
            foreach (var group in all.GroupBy(period).Take(count))
            {
                keep.Add(group.First().Name); // the list is newest first
            }
        }
        KeepNewest(b => b.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), options.KeepDaily);
        KeepNewest(b => $"{ISOWeek.GetYear(b.CreatedAt.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(b.CreatedAt.UtcDateTime)}", options.KeepWeekly);
        KeepNewest(b => b.CreatedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture), options.KeepMonthly);
        var pruned = all.Where(b => !keep.Contains(b.Name)).Select(b => b.Name).ToList();
        foreach (var name in pruned)
        {
            foreach (var file in new[] { name, name + ".verified", name + ".failed" })
            {
                File.Delete(Path.Combine(Folder, file));
            }
        }
        return pruned;
    }

    private async Task<(string Path, Dictionary<string, long> Counts)> BackupSqliteAsync(string path, CancellationToken ct)
    {
        var scratch = path[..^3];
        await using (var source = new SqliteConnection(database.ConnectionString))
        {
            await source.OpenAsync(ct);
            // One read transaction: the counts and the copy see the same snapshot while the app keeps writing.
            await using var snapshot = source.BeginTransaction(deferred: true);
            var counts = await CountAsync(source, ct, snapshot);
            await using (var destination = new SqliteConnection($"Data Source={scratch};Pooling=False"))
            {
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }
            await using (var input = File.OpenRead(scratch))
            await using (var output = new GZipStream(File.Create(path), CompressionLevel.Optimal))
            {
                await input.CopyToAsync(output, ct);
            }
            File.Delete(scratch);
            return (path, counts);
        }
    }

    private async Task<(string Path, Dictionary<string, long> Counts)> DumpPostgresAsync(string path, CancellationToken ct)
    {
        var source = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var counts = await CountAsync(connection, ct);
        await RunToolAsync("pg_dump", ["-Fc", "--no-owner", "-f", path, source.Database!], source, ct);
        return (path, counts);
    }

    private async Task<(string Path, Dictionary<string, long> Counts)> DumpMariaDbAsync(string path, CancellationToken ct)
    {
        await using var connection = new MySql.Data.MySqlClient.MySqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var counts = await CountAsync(connection, ct);
        await MariaDbBackup.DumpAsync(database.ConnectionString!, path, ct);
        logger.LogInformation("mariadb-dump finished");
        return (path, counts);
    }

    private async Task<Dictionary<string, long>> CountRestoredAsync(string path, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.MariaDb)
        {
            return await MariaDbBackup.InScratchAsync(database.ConnectionString!, path, restored => CountAsync(restored, ct), ct);
        }
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var admin = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var scratch = "verify_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {scratch}", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
            try
            {
                await RunToolAsync("pg_restore", ["--no-owner", "-d", scratch, path], admin, ct);
                await using var restored = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = scratch, Pooling = false }.ConnectionString);
                await restored.OpenAsync(ct);
                return await CountAsync(restored, ct);
            }
            finally
            {
                await using var connection = new NpgsqlConnection(admin.ConnectionString);
                await connection.OpenAsync(CancellationToken.None);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        var file = Path.Combine(Path.GetTempPath(), $"platform-verify-{Guid.NewGuid():N}.db");
        try
        {
            await using (var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
            await using (var output = File.Create(file))
            {
                await input.CopyToAsync(output, ct);
            }
            await using var restored = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await restored.OpenAsync(ct);
            return await CountAsync(restored, ct);
        }
        finally
        {
            foreach (var scratch in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(scratch); // reading a WAL-mode copy leaves its side files behind
            }
        }
    }

    private static async Task<Dictionary<string, long>> CountAsync(System.Data.Common.DbConnection connection, CancellationToken ct,
        System.Data.Common.DbTransaction? transaction = null)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in MainTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = connection is MySql.Data.MySqlClient.MySqlConnection
                ? $"SELECT COUNT(*) FROM `{table}`"
                : $"SELECT COUNT(*) FROM \"{table}\"";
            command.Transaction = transaction;
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        return counts;
    }

    private async Task RunToolAsync(string tool, IReadOnlyList<string> arguments, NpgsqlConnectionStringBuilder connection, CancellationToken ct)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        if (connection.Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} could not be started; install the PostgreSQL client.");
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {(await errors).Trim()}");
        }
        logger.LogInformation("{Tool} finished", tool);
    }

    private static DateTimeOffset TakenAt(string name) =>
        DateTimeOffset.TryParseExact(name["platform-".Length..Math.Min(name.Length, "platform-".Length + 15)], "yyyyMMdd-HHmmss",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
}
