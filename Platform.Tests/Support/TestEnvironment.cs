namespace Platform.Tests.Support;

/// <summary>
/// What ./test.sh provides: PostgreSQL, MariaDB and Redis servers and an SMTP server on loopback. Locally without them the
/// PostgreSQL cases are reported as failures in CI (CI=true) rather than silently skipped.
/// </summary>
public static class TestEnvironment
{
    /// <summary>A connection string to a server database the tests may create databases in.</summary>
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("PLATFORM_TEST_PG");

    /// <summary>A connection string to a MariaDB server whose user may create databases.</summary>
    public static string? MariaDbAdmin => Environment.GetEnvironmentVariable("PLATFORM_TEST_MARIADB");

    /// <summary>A StackExchange.Redis configuration string for a Redis server the tests may fill (each test under its own prefix).</summary>
    public static string? Redis => Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS");

    public static string? SmtpPort => Environment.GetEnvironmentVariable("PLATFORM_TEST_SMTP_PORT");

    public static string? SmtpMailbox => Environment.GetEnvironmentVariable("PLATFORM_TEST_SMTP_MAILDIR");

    public static string Chromium => Environment.GetEnvironmentVariable("PLATFORM_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequirePostgres() => PostgresAdmin
        ?? throw new InvalidOperationException("PLATFORM_TEST_PG is not set: run the tests through ./test.sh, which starts PostgreSQL.");

    public static string RequireRedis() => Redis
        ?? throw new InvalidOperationException("PLATFORM_TEST_REDIS is not set: run the tests through ./test.sh, which starts Redis.");

    public static string RequireMariaDb() => MariaDbAdmin
        ?? throw new InvalidOperationException("PLATFORM_TEST_MARIADB is not set: run the tests through ./test.sh, which starts MariaDB.");
}
