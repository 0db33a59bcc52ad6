using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.Core.Audit;
using Platform.Core.Tenancy;

namespace Platform.Data;

/// <summary>
/// MariaDB through Oracle's MySQL provider (docs/decisions/0012). What differs from the other providers: date-times
/// are stored as UTC in <c>datetime(6)</c> (the provider's default <c>datetime</c> drops the microseconds), passkey
/// transports are stored as one string, counters are bumped with <c>ON DUPLICATE KEY UPDATE</c>, and the migration lock
/// is taken with a finite wait (<see cref="MariaDb.MariaDbHistoryRepository"/>).
/// </summary>
public sealed class MariaDbPlatformDbContext(DbContextOptions<MariaDbPlatformDbContext> options, ITenantContext tenant, ICurrentActor actor)
    : PlatformDbContext(options, tenant, actor)
{
    private const int DuplicateEntry = 1062;
    private const int LockWaitTimeout = 1205;
    private const int Deadlock = 1213;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is MySql.Data.MySqlClient.MySqlException { Number: DuplicateEntry };

    protected override bool IsDeadlockError(Exception exception) =>
        exception is MySql.Data.MySqlClient.MySqlException { Number: Deadlock or LockWaitTimeout };

    public override async Task<long> NextNumbersAsync(Guid organizationId, string kind, int year, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // MariaDB has no ON CONFLICT ... RETURNING. The upsert locks the counter's row until the transaction ends (so
        // concurrent callers queue and a rollback gives the numbers back) and leaves the new value in the session's
        // LAST_INSERT_ID, read by the second statement of the same command (one round trip).
        var next = await Database.SqlQuery<long>($"""
            INSERT INTO `DocumentSequences` (`OrganizationId`, `Kind`, `Year`, `Next`) VALUES ({organizationId}, {kind}, {year}, LAST_INSERT_ID({1 + count}))
            ON DUPLICATE KEY UPDATE `Next` = LAST_INSERT_ID(`Next` + {count});
            SELECT CAST(LAST_INSERT_ID() AS SIGNED) AS `Value`
            """).ToListAsync(cancellationToken);
        return next.Single() - count;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // The instant is kept whatever the offset it was written with, to the microsecond.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetUtcConverter>().HaveColumnType("datetime(6)");
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetUtcConverter>().HaveColumnType("datetime(6)");
        configurationBuilder.Properties<DateTime>().HaveColumnType("datetime(6)");
        configurationBuilder.Properties<DateTime?>().HaveColumnType("datetime(6)");
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The provider cannot map Identity's passkey data as it stands (a JSON column with a string array inside);
        // as one JSON document with the transports joined into a string it round-trips.
        builder.Entity<IdentityUserPasskey<Guid>>().OwnsOne(p => p.Data, d => d.ToJson(null)
            .Property(x => x.Transports).HasConversion(new TransportsConverter()));
        // The provider writes a primitive collection as a JSON array but cannot read one back into the entity
        // (InvalidCastException from string): convert it ourselves, to the same JSON.
        builder.Entity<Membership>().Property(m => m.LocationIds).HasField("_locationIds").HasConversion(new GuidListConverter(), new GuidListComparer());
        builder.Entity<Invitation>().Property(i => i.LocationIds).HasField("_locationIds").HasConversion(new GuidListConverter(), new GuidListComparer());
    }

    private sealed class GuidListConverter() : ValueConverter<IReadOnlyList<Guid>, string>(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<List<Guid>>(v, (JsonSerializerOptions?)null) ?? new List<Guid>());

    private sealed class GuidListComparer() : ValueComparer<IReadOnlyList<Guid>>(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, id) => HashCode.Combine(hash, id)),
        v => v.ToList());

    private sealed class DateTimeOffsetUtcConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    private sealed class TransportsConverter() : ValueConverter<string[]?, string?>(
        v => v == null ? null : string.Join(',', v),
        v => v == null ? null : v.Split(',', StringSplitOptions.RemoveEmptyEntries));
}
