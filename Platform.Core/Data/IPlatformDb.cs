using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Ledger;
using Platform.Core.Payouts;
using Platform.Core.Reports;
using Platform.Core.Audit;
using Platform.Core.Tenancy;

namespace Platform.Core.Data;

/// <summary>
/// The unit of work Core services use, one per operation. Tenant filters are already applied to every
/// tenant-owned set; the data layer implements it with the provider chosen at start-up.
/// </summary>
public interface IPlatformDb : IAsyncDisposable
{
    DbSet<Organization> Organizations { get; }
    DbSet<Location> Locations { get; }
    DbSet<Membership> Memberships { get; }
    DbSet<Invitation> Invitations { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<LedgerAccount> LedgerAccounts { get; }
    DbSet<JournalEntry> JournalEntries { get; }
    DbSet<JournalLine> JournalLines { get; }
    DbSet<CharityProgram> Programs { get; }
    DbSet<Family> Families { get; }
    DbSet<Donation> Donations { get; }
    DbSet<RecurringGift> RecurringGifts { get; }
    DbSet<Payout> Payouts { get; }
    DbSet<JourneyStep> JourneySteps { get; }
    DbSet<IdempotencyRecord> IdempotencyRecords { get; }
    DbSet<JobRun> JobRuns { get; }
    DbSet<JobSchedule> JobSchedules { get; }
    DbSet<TaxStatement> TaxStatements { get; }
    DbSet<StoredDocument> Documents { get; }
    DbSet<MonthlyReport> MonthlyReports { get; }
    DbSet<PlatformReport> PlatformReports { get; }

    /// <summary>For transactions that span several saves.</summary>
    DatabaseFacade Database { get; }

    /// <summary>
    /// Starts a transaction whose reads all see the database as it stood at the first of them, whatever other connections
    /// commit meanwhile, and that takes no write lock: a check that reads in several queries then counts one consistent set.
    /// Dispose it when the reads are done.
    /// </summary>
    Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>For a unit of work that saves in steps and starts a step afresh.</summary>
    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }

    /// <summary>
    /// Takes the next number of a kind (receipts, statements) for an organization and year, atomically, inside the
    /// current transaction: a rolled-back transaction gives its number back, so numbers have no gaps.
    /// </summary>
    Task<long> NextNumberAsync(Guid organizationId, string kind, int year, CancellationToken cancellationToken = default);

    /// <summary>Takes <paramref name="count"/> consecutive numbers the same way and returns the first.</summary>
    Task<long> NextNumbersAsync(Guid organizationId, string kind, int year, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Names who a change to <paramref name="entity"/> is made for in the audit log, when a unit of work writes for several
    /// people at once (a batch of gifts); otherwise the log names the context's actor.
    /// </summary>
    void Attribute(object entity, AuditActor actor);

    /// <summary>
    /// True when the database takes one writer at a time (SQLite): work that could write in parallel (several payees
    /// at once) then goes one by one instead of queueing on the lock.
    /// </summary>
    bool SingleWriter { get; }

    /// <summary>True when the exception is a unique-index violation (a concurrent duplicate, an idempotency repeat).</summary>
    bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// True when a save failed because the database ended its transaction to break a deadlock with another one, or a lock
    /// wait ran out: nothing of the save was kept, and it can be made again. The provider's error may come wrapped in the
    /// execution strategy's.
    /// </summary>
    bool IsDeadlock(Exception exception);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public interface IPlatformDbFactory
{
    Task<IPlatformDb> CreateAsync(CancellationToken cancellationToken = default);
}
