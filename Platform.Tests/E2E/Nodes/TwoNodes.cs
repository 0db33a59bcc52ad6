using Microsoft.Playwright;
using Platform.Tests.Support;

namespace Platform.Tests.E2E.Nodes;

/// <summary>
/// A server deployment on one machine, set up as docs/deploy/README.md says: a scratch MariaDB database migrated once,
/// two app nodes started one after the other (both running jobs), Redis for the events between them, and nginx in front
/// with the deployment's own site file. Tests reach either node directly or through nginx, point nginx at one node, and
/// stop, kill or restart a node; each node's console output and the database stay readable for what a test checks.
/// </summary>
public class TwoNodes : IAsyncLifetime
{
    public const string WebhookSecret = "two-nodes-webhook-secret";

    private readonly string _folder = Directory.CreateTempSubdirectory("platform-nodes-").FullName;
    private ScratchMariaDb? _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AppNode A => Nodes[0];

    public AppNode B => Nodes[1];

    public IReadOnlyList<AppNode> Nodes { get; private set; } = [];

    public Nginx Proxy { get; private set; } = default!;

    public string DatabaseConnectionString => _database!.ConnectionString;

    /// <summary>Keeps this deployment's events apart from anything else on the shared Redis server.</summary>
    public string ChannelPrefix { get; } = $"nodes-test:{Guid.NewGuid():N}:";

    /// <summary>
    /// Keeps this deployment's Hangfire queues and recurring entries apart on the shared Redis server: another deployment's
    /// nodes would otherwise take its jobs and run them on their own database.
    /// </summary>
    public string JobsPrefix { get; } = $"{{nodes-test-{Guid.NewGuid():N}}}:";

    /// <summary>What a node needs beyond appsettings.json, as docs/deploy/README.md lists it; a test class may add or change some.</summary>
    protected virtual Dictionary<string, string> Settings(string node) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database:Provider"] = "MariaDb",
        ["Database:ConnectionString"] = DatabaseConnectionString,
        ["Database:MigrateOnStart"] = "false",
        ["Database:SeedDemoOnServer"] = "true",
        ["Redis:Configuration"] = TestEnvironment.RequireRedis(),
        ["Redis:ChannelPrefix"] = ChannelPrefix,
        ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
        ["Gateway:WebhookSecret"] = WebhookSecret,
        ["App:PublicUrl"] = Proxy.Url,
        ["Jobs:Enabled"] = "true",
        ["Jobs:RedisPrefix"] = JobsPrefix,
        // A cheap job every minute, so a test sees several occurrences in a few minutes.
        ["Jobs:Schedules:ledger-check"] = "* * * * *",
        // A dead node's job is taken again after 20 s rather than Hangfire's 30 minutes (a job running longer is taken a
        // second time too, which the jobs tolerate; see JobsOptions).
        ["Jobs:RedisInvisibilitySeconds"] = "20",
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = SmtpMailbox.Port.ToString(),
        ["Identity:SessionCheckSeconds"] = "0",
        // Every browser test signs in from 127.0.0.1; the limits have tests of their own.
        ["RateLimits:PerClient:PermitLimit"] = "100000",
        ["RateLimits:PerAccount:PermitLimit"] = "100000",
        ["RateLimits:SignInEmails:PermitLimit"] = "100000",
    };

    public async Task InitializeAsync()
    {
        _database = await ScratchMariaDb.CreateAsync();
        Proxy = new Nginx(_folder);
        Nodes = [new AppNode("a", _folder, Settings("a")), new AppNode("b", _folder, Settings("b"))];
        // The guide's order: migrate once, start the nodes one after the other (the first seeds the demo and writes the
        // key ring's first key), then let nginx send them traffic.
        await AppNode.RunAsync(Directory.CreateDirectory(Path.Combine(_folder, "migrate")).FullName, Settings("migrate"), "migrate");
        foreach (var node in Nodes)
        {
            await node.StartAsync();
        }
        await Proxy.StartAsync([.. Nodes]);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A browser of its own (cookies, storage) whose relative addresses go through nginx.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = Proxy.Url });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public AppNode NodeOn(int port) => Nodes.Single(n => n.Port == port);

    public AppNode Other(AppNode node) => Nodes.Single(n => n != node);

    /// <summary>Starts every node a test left stopped or killed, so the next test finds the deployment whole.</summary>
    public async Task StartStoppedNodesAsync()
    {
        foreach (var node in Nodes.Where(n => !n.Running))
        {
            await node.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
