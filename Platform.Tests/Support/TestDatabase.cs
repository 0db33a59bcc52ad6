using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Documents;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Data.Tenancy;
using Platform.Web.Documents;

namespace Platform.Tests.Support;

/// <summary>A fresh, migrated database on a real provider, with the platform's services around it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly IAsyncDisposable? _server;
    private readonly string? _sqliteFile;

    private readonly DatabaseProvider _provider;
    private readonly string _connection;

    private TestDatabase(ServiceProvider services, DatabaseProvider provider, string connection, IAsyncDisposable? server, string? sqliteFile)
    {
        Services = services;
        _provider = provider;
        _connection = connection;
        _server = server;
        _sqliteFile = sqliteFile;
    }

    public ServiceProvider Services { get; }

    public CapturingMailer Mail => Services.GetRequiredService<CapturingMailer>();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
    {
        string connection;
        IAsyncDisposable? server = null;
        string? sqliteFile = null;
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = await ScratchPostgres.CreateAsync();
            (server, connection) = (postgres, postgres.ConnectionString);
        }
        else if (provider == DatabaseProvider.MariaDb)
        {
            var mariaDb = await ScratchMariaDb.CreateAsync();
            (server, connection) = (mariaDb, mariaDb.ConnectionString);
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"platform-test-{Guid.NewGuid():N}.db");
            connection = $"Data Source={sqliteFile};Pooling=False";
        }

        var provider_ = Build(provider, connection, configure);
        await using (var scope = provider_.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        }
        return new TestDatabase(provider_, provider, connection, server, sqliteFile);
    }

    /// <summary>
    /// Another process on the same database: its own services, its own gift writer and caches, as an app restarted or
    /// a second node would have. <paramref name="configure"/> registers what differs (the gateway it talks to, say).
    /// Disposing it stops that process and leaves the database.
    /// </summary>
    public TestDatabase AnotherProcess(Action<IServiceCollection>? configure = null) =>
        new(Build(_provider, _connection, configure), _provider, _connection, null, null);

    private static ServiceProvider Build(DatabaseProvider provider, string connection, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddLogging();
        // A test that needs another starting time registers its own clock in configure; one cannot be wound back.
        services.TryAddSingleton(_ => TestTime.Clock());
        services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<FakeTimeProvider>());
        services.AddScoped<TestActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<TestActor>());
        services.AddPlatformData(new DatabaseOptions { Provider = provider, ConnectionString = connection, SeedDemoData = false });
        services.AddCoreServices();
        services.AddSingleton<CapturingMailer>();
        services.AddSingleton<IMailer>(sp => sp.GetRequiredService<CapturingMailer>());
        services.AddSingleton<IAppLinks, TestLinks>();
        // The real document printer (headless Chromium), one for the whole test run, as one serves a whole app.
        services.AddSingleton(SharedPrinter.Instance);
        services.AddScoped<IDocumentRenderer, DocumentRenderer>();
        services.AddIdentityCore<PlatformUser>().AddRoles<PlatformRole>().AddEntityFrameworkStores<PlatformDbContext>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>A scope acting as no one in particular; set its tenant with <see cref="TenantContext.Act"/>.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>A scope acting as one member of an organization until disposed.</summary>
    public MemberScope As(Guid organizationId, MembershipRole role, IReadOnlyList<Guid>? locationIds = null)
    {
        var scope = Scope();
        var tenant = (TenantContext)scope.ServiceProvider.GetRequiredService<Platform.Core.Tenancy.ITenantContext>();
        return new MemberScope(scope, tenant.Act(new TenantMember(organizationId, role, locationIds)));
    }

    public async Task<PlatformUser> CreateUserAsync(string email, string name = "Test User")
    {
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        (await users.CreateAsync(user, "Test!pass1")).Succeeded.ShouldBeTrue();
        return user;
    }

    /// <summary>A platform administrator: who gets staff alerts and the platform report.</summary>
    public async Task<PlatformUser> CreateStaffAsync(string email)
    {
        var user = await CreateUserAsync(email, "Staff Member");
        await using var scope = Scope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<PlatformRole>>();
        if (!await roles.RoleExistsAsync(PlatformRoles.PlatformAdmin))
        {
            (await roles.CreateAsync(new PlatformRole { Name = PlatformRoles.PlatformAdmin })).Succeeded.ShouldBeTrue();
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        (await users.AddToRoleAsync((await users.FindByIdAsync(user.Id.ToString()))!, PlatformRoles.PlatformAdmin)).Succeeded.ShouldBeTrue();
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_sqliteFile is not null)
        {
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + ".before-restore" })
            {
                File.Delete(file);
            }
        }
    }
}

public sealed class MemberScope(AsyncServiceScope scope, IDisposable member) : IAsyncDisposable
{
    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public TenantContext Tenant => (TenantContext)Get<Platform.Core.Tenancy.ITenantContext>();

    public ValueTask DisposeAsync()
    {
        member.Dispose();
        return scope.DisposeAsync();
    }
}

public sealed class TestActor : ICurrentActor
{
    public AuditActor Actor { get; set; } = new(null, "test", null, null);
}

public sealed class TestLinks : IAppLinks
{
    public string AcceptInvitation(string token) => $"http://test/invitations/accept?token={token}";

    public string MagicLink(string email, string token) => $"http://test/magic?email={email}&token={token}";

    public string SignIn() => "http://test/login";

    public string ConfirmEmail(Guid userId, string code, string? returnUrl = null) => $"http://test/confirm?userId={userId}&code={code}";

    public string ResetPassword(string email, string code) => $"http://test/reset?email={email}&code={code}";

    public string DonationJourney(Guid donationId) => $"http://test/donor/donations/{donationId}";

    public string Register(string email) => $"http://test/register?email={email}";

    public string DonorStatements() => "http://test/donor/statements";

    public string AdminJobRun(Guid runId) => $"http://test/admin/jobs/runs/{runId}";

    public string RecurringAction(Guid recurringGiftId, Platform.Core.Giving.RecurringAction action) =>
        $"http://test/recurring?gift={recurringGiftId}&action={action}";

    public string DonorRecurring() => "http://test/donor/recurring";

    public string MerchantPayouts() => "http://test/merchant/payouts";

    public string MerchantReports() => "http://test/merchant/reports";

    public string AdminReports() => "http://test/admin/reports";

    public string MerchantPlan() => "http://test/merchant/plan";
}

/// <summary>Keeps the typed emails services send; the SMTP path itself is covered by the web and browser tests.</summary>
internal static class SharedPrinter
{
    public static ChromiumPrinter Instance { get; } = new(
        Microsoft.Extensions.Options.Options.Create(new DocumentOptions { ChromiumPath = TestEnvironment.Chromium }),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<ChromiumPrinter>.Instance);
}

public sealed record SentEmail(string To, IEmailModel Model, IReadOnlyList<EmailAttachment> Attachments);

public sealed class CapturingMailer : IMailer
{
    private readonly List<SentEmail> _sent = [];

    public IReadOnlyList<SentEmail> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    public Task SendAsync<TModel>(string to, TModel model, CancellationToken cancellationToken = default) where TModel : IEmailModel =>
        SendAsync(to, model, [], cancellationToken);

    public Task SendAsync<TModel>(string to, TModel model, IReadOnlyList<EmailAttachment> attachments, CancellationToken cancellationToken = default)
        where TModel : IEmailModel
    {
        lock (_sent)
        {
            _sent.Add(new SentEmail(to, model, attachments));
        }
        return Task.CompletedTask;
    }
}
