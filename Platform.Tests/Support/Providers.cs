using Platform.Data;

namespace Platform.Tests.Support;

/// <summary>Every data test runs on both providers.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> Both => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };
}
