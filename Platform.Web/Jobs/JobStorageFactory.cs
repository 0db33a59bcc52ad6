using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platform.Data;
using StackExchange.Redis;

namespace Platform.Web.Jobs;

/// <summary>Where Hangfire keeps its queues, recurring entries and locks, following where the domain lives.</summary>
public enum JobStore
{
    /// <summary>A SQLite file beside the embedded database.</summary>
    Sqlite,

    /// <summary>The domain's PostgreSQL database, schema <c>hangfire</c>.</summary>
    Postgres,

    /// <summary>Redis (<c>Redis:Configuration</c>); the only choice on MariaDB, which Hangfire has no storage for.</summary>
    Redis,
}

/// <summary>Chooses and builds the Hangfire storage for a deployment.</summary>
public static class JobStorageFactory
{
    public const string PostgresSchema = "hangfire";
    public const string RedisSection = "Redis:Configuration";

    /// <summary>Redis when it is configured (or the domain is on MariaDB), else the domain's own kind of database.</summary>
    public static JobStore Choose(DatabaseProvider provider, string? redis)
    {
        if (!string.IsNullOrWhiteSpace(redis))
        {
            return JobStore.Redis;
        }
        return provider switch
        {
            DatabaseProvider.Postgres => JobStore.Postgres,
            DatabaseProvider.MariaDb => throw new InvalidOperationException(
                "Jobs on MariaDB need Redis: Hangfire has no MariaDB storage. Set Redis:Configuration to a StackExchange.Redis " +
                "configuration string (for example \"localhost:6379\") so the nodes share their jobs there."),
            _ => JobStore.Sqlite,
        };
    }

    /// <summary>The SQLite file Hangfire uses beside the app's own database: platform.db gives platform.hangfire.db.</summary>
    public static string SqlitePath(string? configured)
    {
        var database = new SqliteConnectionStringBuilder(DataServiceCollectionExtensions.SqliteConnectionString(configured)).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(database))!;
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(database)}.hangfire.db");
    }

    public static JobStorage Sqlite(string? configured, JobsOptions options) =>
        new SQLiteStorage(SqlitePath(configured), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds)) });

    public static JobStorage Postgres(string connectionString)
    {
        EnsureSchema(connectionString);
        var storage = new PostgreSqlStorageOptions { SchemaName = PostgresSchema, PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storage), storage);
    }

    public static JobStorage Redis(IConnectionMultiplexer redis, JobsOptions options) =>
        new RedisStorage(redis, new RedisStorageOptions
        {
            Prefix = options.RedisPrefix,
            InvisibilityTimeout = TimeSpan.FromSeconds(Math.Max(1, options.RedisInvisibilitySeconds)),
        });

    /// <summary>
    /// Creates the schema before any server starts: two nodes starting at once on an empty database would both run
    /// Hangfire's own CREATE SCHEMA, and one of them would fail.
    /// </summary>
    private static void EnsureSchema(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{PostgresSchema}\"", connection);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it in the same instant.
        }
    }
}
