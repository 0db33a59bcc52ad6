namespace Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    MariaDb,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, a connection string or nothing (then App_Data/platform.db); for PostgreSQL and MariaDB, required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seed demo data into an empty embedded database on first run.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Seed an empty server database (PostgreSQL, MariaDB) too (a demo on a server, the page walk); off so no real server gets demo accounts.</summary>
    public bool SeedDemoOnServer { get; set; }
}
