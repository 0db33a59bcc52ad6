namespace Platform.Tests.E2E.PageWalk;

/// <summary>The live app on PostgreSQL with the demo seeded into a scratch database: what the page walk opens.</summary>
public sealed class PostgresLiveApp() : LiveApp(postgres: true);

[CollectionDefinition(Name)]
public sealed class WalkCollection : ICollectionFixture<PostgresLiveApp>
{
    public const string Name = "page walk";
}
