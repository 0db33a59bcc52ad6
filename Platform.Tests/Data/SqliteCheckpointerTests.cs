using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task TheCheckpointerCopiesTheCommittedLogIntoTheDatabaseAndStartsItOver()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var options = db.Services.GetRequiredService<DatabaseOptions>();
        // An open connection keeps SQLite from folding the log in when the last one closes, as a running app's pool does.
        // (A connection counts once it has read.)
        await using var open = new SqliteConnection(options.ConnectionString);
        await open.OpenAsync();
        Checkpoint(open, "PASSIVE");
        var checkpointer = db.Services.GetRequiredService<SqliteCheckpointer>();
        checkpointer.Checkpoint("RESTART");

        for (var i = 0; i < 20; i++)
        {
            await db.CreateUserAsync($"writer{i}@test.test");
        }
        var (log, copied) = checkpointer.Checkpoint("PASSIVE");

        log.ShouldBeGreaterThan(0); // the commits are in the log
        copied.ShouldBe(log);       // and now all in the database
        checkpointer.Checkpoint("RESTART");
        await db.CreateUserAsync("one-more@test.test");
        Checkpoint(open, "PASSIVE").Log.ShouldBeLessThan(log); // the next commit started the log over
    }

    private static (long Log, long Copied) Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(1), reader.GetInt64(2));
    }
}
