using Platform.Data;

namespace Platform.Tests.Support;

/// <summary>A database with nothing in it yet on a real provider, deleted on dispose.</summary>
public sealed class EmptyDatabase : IAsyncDisposable
{
    private readonly IAsyncDisposable? _server;
    private readonly string? _file;

    private EmptyDatabase(string connectionString, IAsyncDisposable? server, string? file) =>
        (ConnectionString, _server, _file) = (connectionString, server, file);

    public string ConnectionString { get; }

    public static async Task<EmptyDatabase> CreateAsync(DatabaseProvider provider)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = await ScratchPostgres.CreateAsync();
                return new EmptyDatabase(postgres.ConnectionString, postgres, null);
            case DatabaseProvider.MariaDb:
                var mariaDb = await ScratchMariaDb.CreateAsync();
                return new EmptyDatabase(mariaDb.ConnectionString, mariaDb, null);
            default:
                var file = Path.Combine(Path.GetTempPath(), $"platform-test-{Guid.NewGuid():N}.db");
                return new EmptyDatabase($"Data Source={file};Pooling=False", null, file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_file is not null)
        {
            foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
