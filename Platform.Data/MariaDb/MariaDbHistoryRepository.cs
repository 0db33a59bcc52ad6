using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Platform.Data.MariaDb;

/// <summary>
/// The migration history on MariaDB, in place of the provider's (which is internal, so it cannot be extended). The
/// provider takes its lock with <c>GET_LOCK('__EFMigrationsLock', -1)</c> (wait for ever), which MySQL accepts and MariaDB
/// answers with NULL, so every migration run failed. A finite wait works on both; the lock belongs to the connection the
/// migrator keeps open, so a second node starting at the same time waits, then finds the migrations applied. The table
/// itself is EF's own, created by the provider's SQL generator.
/// </summary>
internal sealed class MariaDbHistoryRepository(HistoryRepositoryDependencies dependencies) : HistoryRepository(dependencies)
{
    internal const string LockName = "__EFMigrationsLock";

    /// <summary>How long a node waits for another node's migrations before giving up with a clear error.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Connection;

    protected override string ExistsSql =>
        $"SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{TableName}'";

    protected override bool InterpretExistsResult(object? value) => value is not null and not DBNull;

    public override string GetCreateIfNotExistsScript() =>
        GetCreateScript().Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal);

    // Idempotent scripts need IF blocks, which MariaDB has only inside stored programs: apply migrations with
    // `-- migrate` or a plain `dotnet ef migrations script`.
    public override string GetBeginIfNotExistsScript(string migrationId) => throw IdempotentScriptsUnsupported();

    public override string GetBeginIfExistsScript(string migrationId) => throw IdempotentScriptsUnsupported();

    public override string GetEndIfScript() => throw IdempotentScriptsUnsupported();

    private static NotSupportedException IdempotentScriptsUnsupported() =>
        new("Idempotent migration scripts are not supported on MariaDB; generate a plain script or run `-- migrate`.");

    public override IMigrationsDatabaseLock AcquireDatabaseLock()
    {
        Dependencies.MigrationsLogger.AcquiringMigrationLock();
        Check(Command($"SELECT GET_LOCK('{LockName}', {(int)LockWait.TotalSeconds})").ExecuteScalar(Parameters()));
        return new Lock(this);
    }

    public override async Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default)
    {
        Dependencies.MigrationsLogger.AcquiringMigrationLock();
        Check(await Command($"SELECT GET_LOCK('{LockName}', {(int)LockWait.TotalSeconds})").ExecuteScalarAsync(Parameters(), cancellationToken));
        return new Lock(this);
    }

    private static void Check(object? result)
    {
        if (result is null or DBNull || Convert.ToInt64(result) != 1)
        {
            throw new TimeoutException($"Another node held the migration lock '{LockName}' for more than {LockWait}; "
                + "its migrations may have failed half-way (MariaDB does not roll back DDL): check __EFMigrationsHistory.");
        }
    }

    private IRelationalCommand Command(string sql) => Dependencies.RawSqlCommandBuilder.Build(sql);

    private RelationalCommandParameterObject Parameters() => new(Dependencies.Connection, null, null,
        Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations);

    private sealed class Lock(MariaDbHistoryRepository repository) : IMigrationsDatabaseLock
    {
        public IHistoryRepository HistoryRepository => repository;

        public void Dispose() => repository.Command($"SELECT RELEASE_LOCK('{LockName}')").ExecuteScalar(repository.Parameters());

        public async ValueTask DisposeAsync() =>
            await repository.Command($"SELECT RELEASE_LOCK('{LockName}')").ExecuteScalarAsync(repository.Parameters());
    }
}
