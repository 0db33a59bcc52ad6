using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.Core.Audit;
using Platform.Core.Documents;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Ledger;
using Platform.Core.Tenancy;
using Platform.Data.Identity;

namespace Platform.Data.Interceptors;

/// <summary>
/// Records every change to an audited entity, in the same save: who, when, which organization, and the
/// old and new value of each changed property. Secrets are never written, not even as "changed".
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    // Enums by name: the log is read by people, and a number means nothing once the enum gains a member.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal)
    {
        nameof(PlatformUser.PasswordHash), nameof(PlatformUser.SecurityStamp), nameof(PlatformUser.ConcurrencyStamp),
        nameof(Invitation.TokenHash),
    };

    // Tokens, keys and the audit log itself are not audited as entity changes; nor are append-only records that are
    // their own trail (ledger entries and lines, journey steps, idempotency records, number counters, job runs): they are never
    // edited, and each already says what happened and when. Job schedules are audited by the jobs dashboard, one action per
    // pause, resume or reschedule, which says more than a list of changed columns.
    private static readonly HashSet<Type> Skipped =
    [
        typeof(AuditEntry), typeof(MagicLinkToken), typeof(IdentityUserToken<Guid>), typeof(IdentityUserLogin<Guid>),
        typeof(IdentityUserClaim<Guid>), typeof(IdentityRoleClaim<Guid>), typeof(IdentityUserPasskey<Guid>),
        typeof(JournalEntry), typeof(JournalLine), typeof(JourneyStep), typeof(IdempotencyRecord), typeof(DocumentSequence), typeof(JobRun),
        typeof(StoredDocument), typeof(DataProtectionKey), typeof(JobSchedule),
    ];

    // Bookkeeping columns that change on every sign-in and would drown the log.
    private static readonly HashSet<string> NoiseProperties = new(StringComparer.Ordinal)
    {
        nameof(PlatformUser.LastSignInAt), nameof(PlatformUser.AccessFailedCount), nameof(PlatformUser.LockoutEnd),
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is not PlatformDbContext platform)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var entries = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !Skipped.Contains(e.Metadata.ClrType))
            .Select(e => Describe(e, now, platform.ActorFor(e.Entity)))
            .OfType<AuditEntry>()
            .ToList();
        context.Set<AuditEntry>().AddRange(entries);
    }

    private static AuditEntry? Describe(EntityEntry entry, DateTimeOffset now, AuditActor actor)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (SecretProperties.Contains(name) || property.Metadata.IsShadowProperty())
            {
                continue;
            }
            var (old, @new) = entry.State switch
            {
                EntityState.Added => (null, property.CurrentValue),
                EntityState.Deleted => (property.OriginalValue, null),
                _ => (property.OriginalValue, property.CurrentValue),
            };
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(old, @new) || SameSequence(old, @new)))
            {
                continue;
            }
            changes[name] = new { old, @new };
        }
        if (entry.State == EntityState.Modified && changes.Keys.All(NoiseProperties.Contains))
        {
            return null;
        }
        var action = entry.State switch
        {
            EntityState.Added => AuditActions.Created,
            EntityState.Deleted => AuditActions.Deleted,
            _ => AuditActions.Updated,
        };
        var organizationId = entry.Entity switch
        {
            ITenantOwned owned => owned.OrganizationId,
            Organization organization => organization.Id,
            _ => (Guid?)null,
        };
        var key = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));
        return new AuditEntry(now, action, actor, organizationId, entry.Metadata.ClrType.Name, key,
            JsonSerializer.Serialize(changes, Json));
    }

    private static bool SameSequence(object? a, object? b) =>
        a is IEnumerable<Guid> x && b is IEnumerable<Guid> y && x.SequenceEqual(y);
}
