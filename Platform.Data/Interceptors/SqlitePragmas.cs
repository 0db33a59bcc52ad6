using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Data.Interceptors;

/// <summary>
/// SQLite settings for a server workload, on every connection: fsync at checkpoints rather than every commit
/// (durable across process crashes; a power cut can lose the last commits) and a busy timeout so concurrent writers
/// queue instead of failing. Write-ahead logging, which lets readers run beside the writer, is a property of the
/// file and is switched on once by <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
