using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Audit;
using Platform.Core.Data;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Ledger;
using Platform.Core.Payouts;
using Platform.Core.Reports;
using Platform.Core.Tenancy;
using Platform.Data.Identity;

namespace Platform.Data;

/// <summary>
/// Identity and the domain in one context. Tenant isolation lives here, in one place: every
/// <see cref="ITenantOwned"/> entity gets a query filter on the current tenant, every
/// <see cref="ILocationScoped"/> one a filter on the member's locations.
/// Provider-specific subclasses keep one migration set each (run from the repository root after `dotnet tool restore`):
///   dotnet ef migrations add NAME -p Platform.Data -s Platform.Data -c SqlitePlatformDbContext -o Migrations/Sqlite
///   dotnet ef migrations add NAME -p Platform.Data -s Platform.Data -c PostgresPlatformDbContext -o Migrations/Postgres
///   dotnet ef migrations add NAME -p Platform.Data -s Platform.Data -c MariaDbPlatformDbContext -o Migrations/MariaDb
/// Each set starts from one migration named Baseline; the generated files are never edited by hand (provider-specific
/// SQL lives in code, such as <see cref="MariaDb.MariaDbHistoryRepository"/>).
/// </summary>
public abstract class PlatformDbContext(DbContextOptions options, ITenantContext tenant, ICurrentActor actor)
    : IdentityDbContext<PlatformUser, PlatformRole, Guid>(options), IPlatformDb, IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";
    public const string LocationFilter = "Location";

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MagicLinkToken> MagicLinkTokens => Set<MagicLinkToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<LedgerAccount> LedgerAccounts => Set<LedgerAccount>();
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();
    public DbSet<JournalLine> JournalLines => Set<JournalLine>();
    public DbSet<CharityProgram> Programs => Set<CharityProgram>();
    public DbSet<Family> Families => Set<Family>();
    public DbSet<Donation> Donations => Set<Donation>();
    public DbSet<RecurringGift> RecurringGifts => Set<RecurringGift>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<JourneyStep> JourneySteps => Set<JourneyStep>();
    public DbSet<DocumentSequence> DocumentSequences => Set<DocumentSequence>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<JobSchedule> JobSchedules => Set<JobSchedule>();
    public DbSet<TaxStatement> TaxStatements => Set<TaxStatement>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<MonthlyReport> MonthlyReports => Set<MonthlyReport>();
    public DbSet<PlatformReport> PlatformReports => Set<PlatformReport>();

    public Task<long> NextNumberAsync(Guid organizationId, string kind, int year, CancellationToken cancellationToken = default) =>
        NextNumbersAsync(organizationId, kind, year, 1, cancellationToken);

    public virtual async Task<long> NextNumbersAsync(Guid organizationId, string kind, int year, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // One statement on SQLite and PostgreSQL: insert the counter or bump it, and read the first number taken.
        var taken = await Database.SqlQuery<long>($"""
            INSERT INTO "DocumentSequences" ("OrganizationId", "Kind", "Year", "Next") VALUES ({organizationId}, {kind}, {year}, {1 + count})
            ON CONFLICT ("OrganizationId", "Kind", "Year") DO UPDATE SET "Next" = "DocumentSequences"."Next" + {count}
            RETURNING "Next" - {count} AS "Value"
            """).ToListAsync(cancellationToken);
        return taken.Single();
    }

    private Dictionary<object, AuditActor>? _attributed;

    public void Attribute(object entity, AuditActor actor) =>
        (_attributed ??= new Dictionary<object, AuditActor>(ReferenceEqualityComparer.Instance))[entity] = actor;

    // Read by the audit interceptor: who a change is made for.
    internal AuditActor ActorFor(object entity) =>
        _attributed is not null && _attributed.TryGetValue(entity, out var attributed) ? attributed : actor.Actor;

    public abstract bool IsUniqueViolation(DbUpdateException exception);

    public bool IsDeadlock(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (IsDeadlockError(e))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The provider's own error for a deadlock victim or a lock wait that ran out; SQLite has one writer and neither.</summary>
    protected virtual bool IsDeadlockError(Exception exception) => false;

    public virtual bool SingleWriter => false;

    // PostgreSQL and MariaDB (InnoDB) both read one snapshot from a repeatable-read transaction's first read on.
    public virtual async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken = default) =>
        await Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    // Read by the (singleton) interceptors on save.
    internal ITenantContext Tenant => tenant;

    // Read by the query filters at query time; EF turns them into parameters. Each reads the tenant of the operation
    // running the query (TenantContext keeps it per async flow), so two operations of one scope never see each other's.
    private bool AcrossTenants => tenant.IsAcrossTenants;
    private Guid? CurrentOrganizationId => tenant.OrganizationId;
    private bool LocationRestricted => tenant.LocationIds is not null;
    private IReadOnlyList<Guid> CurrentLocationIds => tenant.LocationIds ?? [];
    private Guid? PersonId => tenant.Person?.UserId;
    private string? PersonEmail => tenant.Person?.Email;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);

        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).Distinct().ToList())
        {
            if (typeof(IDonorOwned).IsAssignableFrom(type))
            {
                Apply(nameof(ApplyDonorFilter), type, builder);
            }
            else if (typeof(ITenantOwned).IsAssignableFrom(type) && type != typeof(Membership) && type != typeof(Payout))
            {
                Apply(nameof(ApplyTenantFilter), type, builder);
            }
            if (typeof(ILocationScoped).IsAssignableFrom(type))
            {
                Apply(nameof(ApplyLocationFilter), type, builder);
            }
        }
        // A member sees only their own organization; a person (ForPerson) the organizations they belong to.
        builder.Entity<Organization>().HasQueryFilter(TenantFilter, o => AcrossTenants || o.Id == CurrentOrganizationId
            || (PersonId != null && Set<Membership>().Any(m => m.OrganizationId == o.Id && m.UserId == PersonId)));
        // A person reads their own memberships in every organization.
        builder.Entity<Membership>().HasQueryFilter(TenantFilter, m => AcrossTenants || m.OrganizationId == CurrentOrganizationId
            || (PersonId != null && m.UserId == PersonId));
        // A person reads the payouts of the organizations they own (a creator's studios).
        builder.Entity<Payout>().HasQueryFilter(TenantFilter, p => AcrossTenants || p.OrganizationId == CurrentOrganizationId
            || (PersonId != null && Set<Membership>().Any(m => m.OrganizationId == p.OrganizationId && m.UserId == PersonId
                && m.Role == MembershipRole.Owner)));
        // A location-restricted member sees only their own locations.
        builder.Entity<Location>().HasQueryFilter(LocationFilter,
            l => AcrossTenants || !LocationRestricted || CurrentLocationIds.Contains(l.Id));
    }

    private void Apply(string method, Type entityType, ModelBuilder builder) =>
        typeof(PlatformDbContext).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(entityType).Invoke(this, [builder]);

    private void ApplyTenantFilter<T>(ModelBuilder builder) where T : class, ITenantOwned =>
        builder.Entity<T>().HasQueryFilter(TenantFilter, (Expression<Func<T, bool>>)(e => AcrossTenants || e.OrganizationId == CurrentOrganizationId));

    // A donor reads their own gifts, monthly gifts and statements in every charity: by account, or by the confirmed address
    // their guest gifts were made with.
    private void ApplyDonorFilter<T>(ModelBuilder builder) where T : class, IDonorOwned =>
        builder.Entity<T>().HasQueryFilter(TenantFilter, (Expression<Func<T, bool>>)(e => AcrossTenants || e.OrganizationId == CurrentOrganizationId
            || (PersonId != null && (e.DonorUserId == PersonId || (PersonEmail != null && e.DonorEmail == PersonEmail)))));

    private void ApplyLocationFilter<T>(ModelBuilder builder) where T : class, ILocationScoped =>
        builder.Entity<T>().HasQueryFilter(LocationFilter,
            (Expression<Func<T, bool>>)(e => AcrossTenants || !LocationRestricted || CurrentLocationIds.Contains(e.LocationId)));
}

public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options, ITenantContext tenant, ICurrentActor actor)
    : PlatformDbContext(options, tenant, actor)
{
    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    // One writer at a time for the whole file.
    public override bool SingleWriter => true;

    // Under WAL a deferred transaction reads one snapshot from its first read on and lets writers go on. Not EF's own
    // BeginTransaction: that is BEGIN IMMEDIATE, which takes the write lock and would hold every writer up for the reads.
    public override async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken = default)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((Microsoft.Data.Sqlite.SqliteConnection)Database.GetDbConnection()).BeginTransaction(deferred: true);
        var used = await Database.UseTransactionAsync(transaction, cancellationToken);
        return new SqliteSnapshot(used!, transaction);
    }

    // EF does not own a transaction it was handed: both are let go, the reads' transaction last (it only read, so it rolls back).
    private sealed class SqliteSnapshot(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction used, System.Data.Common.DbTransaction transaction)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await used.DisposeAsync();
            await transaction.DisposeAsync();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-offset type: store UTC ticks so ordering and comparison run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetTicksConverter>();
    }
}

public sealed class PostgresPlatformDbContext(DbContextOptions<PostgresPlatformDbContext> options, ITenantContext tenant, ICurrentActor actor)
    : PlatformDbContext(options, tenant, actor)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    protected override bool IsDeadlockError(Exception exception) =>
        exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.LockNotAvailable };
}
