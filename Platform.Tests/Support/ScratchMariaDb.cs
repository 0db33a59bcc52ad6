using MySql.Data.MySqlClient;

namespace Platform.Tests.Support;

/// <summary>A throwaway database on the MariaDB server ./test.sh starts, dropped on dispose.</summary>
public sealed class ScratchMariaDb : IAsyncDisposable
{
    private readonly string _name;

    private ScratchMariaDb(string name, string connectionString) => (_name, ConnectionString) = (name, connectionString);

    public string ConnectionString { get; }

    public static async Task<ScratchMariaDb> CreateAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var admin = new MySqlConnection(Server());
        await admin.OpenAsync();
        await using (var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", admin))
        {
            await create.ExecuteNonQueryAsync();
        }
        return new ScratchMariaDb(name, new MySqlConnectionStringBuilder(TestEnvironment.MariaDbAdmin) { Database = name }.ConnectionString);
    }

    // The server itself: the database the variable names need not exist.
    private static string Server() => new MySqlConnectionStringBuilder(TestEnvironment.RequireMariaDb()) { Database = "" }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        // Pooled connections to the database would hold its metadata locks and keep the drop waiting.
        MySqlConnection.ClearAllPools();
        await using var admin = new MySqlConnection(Server());
        await admin.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{_name}`", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
