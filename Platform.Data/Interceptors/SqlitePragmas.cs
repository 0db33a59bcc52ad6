using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Data.Interceptors;

/// <summary>
/// SQLite settings for a server workload, on every connection: fsync at checkpoints rather than every commit
/// (durable across process crashes; a power cut can lose the last commits), a busy timeout so concurrent writers
/// queue instead of failing, statement journals in memory, and no checkpoint by the committing connection: the
/// <see cref="SqliteCheckpointer"/> does that in the background, so a commit never stops to copy the log (which is cut
/// back to 64 MiB when it starts over). Write-ahead
/// logging, which lets readers run beside the writer, is a property of the file and is switched on once by
/// <see cref="DatabaseInitializer"/>. The settings belong to the native connection, which the pool keeps open between
/// uses, so they are applied once per native connection, not on every open.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas =
        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0; " +
        "PRAGMA journal_size_limit=67108864;";

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _applied = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && !_applied.TryAdd(handle, handle))
        {
            return; // this native connection already has them
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
