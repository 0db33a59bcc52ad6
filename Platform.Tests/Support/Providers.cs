using Platform.Data;

namespace Platform.Tests.Support;

/// <summary>Every data test runs on every provider.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> All => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.MariaDb };
}
