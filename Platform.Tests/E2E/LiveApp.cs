using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Platform.Tests.Support;

namespace Platform.Tests.E2E;

/// <summary>
/// The real app on Kestrel (demo seed, throwaway SQLite unless told otherwise, the real SMTP server from ./test.sh) and one headless
/// Debian Chromium. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public class LiveApp : IAsyncLifetime
{
    private readonly Platform.Data.DatabaseProvider _provider;
    private KestrelHost _host = default!;
    private IAsyncDisposable? _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LiveApp()
        : this(Platform.Data.DatabaseProvider.Sqlite)
    {
    }

    /// <summary>On a server database the app gets a scratch database of its own and seeds the demo into it.</summary>
    protected LiveApp(Platform.Data.DatabaseProvider provider) => _provider = provider;

    public string BaseUrl => _host.BaseUrl;

    public IServiceProvider Services => _host.Services;

    /// <summary>Every line the app logged since it started.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        string? connection = null;
        if (_provider == Platform.Data.DatabaseProvider.Postgres)
        {
            var postgres = await ScratchPostgres.CreateAsync();
            (_database, connection) = (postgres, postgres.ConnectionString);
        }
        else if (_provider == Platform.Data.DatabaseProvider.MariaDb)
        {
            var mariaDb = await ScratchMariaDb.CreateAsync();
            (_database, connection) = (mariaDb, mariaDb.ConnectionString);
        }
        _host = new KestrelHost(Logs, _provider, connection);
        _host.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = BaseUrl });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _host.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private sealed class KestrelHost : WebApplicationFactory<Program>
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("platform-e2e-").FullName;
        private readonly int _port = FreePort();
        private readonly CapturedLogs _logs;
        private readonly Platform.Data.DatabaseProvider _provider;
        private readonly string? _server;

        public KestrelHost(CapturedLogs logs, Platform.Data.DatabaseProvider provider, string? server)
        {
            (_logs, _provider, _server) = (logs, provider, server);
            UseKestrel(_port);
        }

        public string BaseUrl => $"http://localhost:{_port}";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            if (_server is null)
            {
                builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_folder, "e2e.db")}");
            }
            else
            {
                builder.UseSetting("Database:Provider", _provider.ToString());
                builder.UseSetting("Database:ConnectionString", _server);
                builder.UseSetting("Database:SeedDemoOnServer", "true");
                if (_provider == Platform.Data.DatabaseProvider.MariaDb)
                {
                    // Hangfire has no MariaDB storage: the app's jobs live in Redis, under a prefix of this app's own.
                    builder.UseSetting("Redis:Configuration", TestEnvironment.RequireRedis());
                    builder.UseSetting("Jobs:RedisPrefix", $"{{platform-e2e-{Guid.NewGuid():N}}}:");
                }
            }
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
            builder.UseSetting("Email:SmtpHost", "127.0.0.1");
            builder.UseSetting("Email:SmtpPort", SmtpMailbox.Port.ToString());
            builder.UseSetting("App:PublicUrl", BaseUrl);
            builder.UseSetting("Gateway:JournalPath", Path.Combine(_folder, "gateway.jsonl"));
            builder.UseSetting("Backups:Folder", Path.Combine(_folder, "backups"));
            builder.UseSetting("Gateway:WebhookSecret", "e2e-webhook-secret");
            builder.UseSetting("Identity:SessionCheckSeconds", "0");
            // The suite signs in hundreds of times from one address; the tests of the limits set their own.
            foreach (var rule in new[] { "PerClient", "PerAccount", "SignInEmails" })
            {
                builder.UseSetting($"RateLimits:{rule}:PermitLimit", "100000");
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "browser";
}
