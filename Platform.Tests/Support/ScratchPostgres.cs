using Npgsql;

namespace Platform.Tests.Support;

/// <summary>A throwaway database on the PostgreSQL server ./test.sh starts, dropped (with its connections) on dispose.</summary>
public sealed class ScratchPostgres : IAsyncDisposable
{
    private readonly string _name;

    private ScratchPostgres(string name, string connectionString) => (_name, ConnectionString) = (name, connectionString);

    public string ConnectionString { get; }

    public static async Task<ScratchPostgres> CreateAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin))
        {
            await create.ExecuteNonQueryAsync();
        }
        return new ScratchPostgres(name, new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
