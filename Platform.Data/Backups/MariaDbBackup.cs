using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using MySql.Data.MySqlClient;

namespace Platform.Data.Backups;

/// <summary>
/// MariaDB's side of <see cref="BackupService"/>: <c>mariadb-dump --single-transaction</c> (one consistent snapshot
/// without locking the app's writes) gzipped, restored by piping it into the <c>mariadb</c> client.
/// </summary>
internal static class MariaDbBackup
{
    public const string Extension = ".sql.gz";

    public static async Task DumpAsync(string connectionString, string path, CancellationToken ct)
    {
        var source = new MySqlConnectionStringBuilder(connectionString);
        await using var output = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        await RunAsync("mariadb-dump", ["--single-transaction", "--routines", "--skip-lock-tables", "--no-tablespaces", source.Database],
            source, input: null, output, ct);
    }

    /// <summary>Loads a dump into <paramref name="database"/> (its tables are dropped and recreated; others are left).</summary>
    public static async Task LoadAsync(string connectionString, string database, string path, CancellationToken ct)
    {
        var target = new MySqlConnectionStringBuilder(connectionString);
        await using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        await RunAsync("mariadb", [database], target, input, output: null, ct);
    }

    /// <summary>Restores a dump into a scratch database, hands it to <paramref name="read"/>, then drops it.</summary>
    public static async Task<T> InScratchAsync<T>(string connectionString, string path, Func<MySqlConnection, Task<T>> read, CancellationToken ct)
    {
        var scratch = "verify_" + Guid.NewGuid().ToString("N");
        var server = new MySqlConnectionStringBuilder(connectionString) { Database = "", Pooling = false }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE `{scratch}` CHARACTER SET utf8mb4", ct);
        try
        {
            await LoadAsync(connectionString, scratch, path, ct);
            await using var restored = new MySqlConnection(new MySqlConnectionStringBuilder(server) { Database = scratch }.ConnectionString);
            await restored.OpenAsync(ct);
            return await read(restored);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS `{scratch}`", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, MySqlConnectionStringBuilder connection,
        Stream? input, Stream? output, CancellationToken ct)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = input is not null,
        };
        info.ArgumentList.Add($"--host={connection.Server}");
        info.ArgumentList.Add($"--port={connection.Port.ToString(CultureInfo.InvariantCulture)}");
        info.ArgumentList.Add($"--user={connection.UserID}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Kept off the command line, where any user of the machine could read it.
        info.Environment["MYSQL_PWD"] = connection.Password;
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"{tool} could not be started; install the MariaDB client (Debian: mariadb-client).");
        var errors = process.StandardError.ReadToEndAsync(ct);
        var written = output is null ? process.StandardOutput.ReadToEndAsync(ct) : process.StandardOutput.BaseStream.CopyToAsync(output, ct);
        if (input is not null)
        {
            await input.CopyToAsync(process.StandardInput.BaseStream, ct);
            process.StandardInput.Close();
        }
        await written;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {(await errors).Trim()}");
        }
    }
}
