using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background, every second, instead of in the
/// commit that happens to fill it (<see cref="Interceptors.SqlitePragmas"/> turns that off): a passive checkpoint copies
/// what it can beside the writer, then a restart copies the little left, holding the writer off only for that, so the
/// log starts over instead of growing. Measured with gifts: about 5% more per second than checkpointing in the commit,
/// and steadier. On stop, a last checkpoint empties the log.
/// </summary>
internal sealed class SqliteCheckpointer(DatabaseOptions options, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Checkpoint("PASSIVE"); // copies what it can without stopping anyone
            Checkpoint("RESTART"); // then the rest, briefly holding off the writer, so the log starts over
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Checkpoint("TRUNCATE");
    }

    /// <summary>Runs one checkpoint; returns the log's frames and how many of them are now in the database file.</summary>
    public (long LogFrames, long Copied) Checkpoint(string mode)
    {
        try
        {
            using var connection = new SqliteConnection(options.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "SQLite checkpoint ({Mode}) failed; the log keeps growing until one succeeds", mode);
            return (-1, -1);
        }
    }
}
