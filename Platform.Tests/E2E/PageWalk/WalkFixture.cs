using Platform.Data;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>
/// The live app on a server database with the demo seeded into a scratch database: what the page walk opens. MariaDB by
/// default, the provider with the most workarounds; PLATFORM_TEST_WALK_DB=Postgres walks on PostgreSQL instead (one
/// walk takes minutes, so a run walks on one of them).
/// </summary>
public sealed class WalkLiveApp() : LiveApp(WalkProvider)
{
    public static DatabaseProvider WalkProvider =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("PLATFORM_TEST_WALK_DB"), ignoreCase: true, out var chosen)
        && chosen != DatabaseProvider.Sqlite ? chosen : DatabaseProvider.MariaDb;
}

[CollectionDefinition(Name)]
public sealed class WalkCollection : ICollectionFixture<WalkLiveApp>
{
    public const string Name = "page walk";
}
