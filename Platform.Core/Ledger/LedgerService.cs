using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;

namespace Platform.Core.Ledger;

/// <summary>
/// Posts journal entries into the caller's unit of work, so an entry is saved in the same transaction
/// as the business change that caused it, and reads balances as sums of lines.
/// </summary>
public sealed class LedgerService(TimeProvider clock)
{
    // Accounts are never deleted, so one that exists once exists for good: checked once per process.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, string Currency), bool> _known = new();

    /// <summary>
    /// Adds a balanced entry to <paramref name="db"/> (the caller saves). Throws when the postings do not sum to zero
    /// per currency, when a posting is zero, or when an account is missing: those are programming errors, not user input.
    /// Call <see cref="EnsureAccountsAsync"/> first, outside the business transaction.
    /// </summary>
    public async Task<JournalEntry> PostAsync(IPlatformDb db, string reference, string description, Guid? organizationId,
        IReadOnlyList<Posting> postings, CancellationToken ct = default)
    {
        if (postings.Count < 2)
        {
            throw new LedgerViolationException($"Entry '{reference}' needs at least two postings.");
        }
        if (postings.Any(p => p.Amount.Amount == 0m))
        {
            throw new LedgerViolationException($"Entry '{reference}' has a zero posting.");
        }
        foreach (var currency in postings.GroupBy(p => p.Amount.Currency))
        {
            var sum = currency.Sum(p => p.Amount.Amount);
            if (sum != 0m)
            {
                throw new LedgerViolationException($"Entry '{reference}' does not balance in {currency.Key}: off by {sum}.");
            }
        }
        var keys = postings.Select(p => p.AccountKey).Distinct().ToList();
        var accounts = await db.LedgerAccounts.Where(a => keys.Contains(a.Key)).ToListAsync(ct);
        var entry = new JournalEntry(clock.GetUtcNow(), reference, description, organizationId);
        foreach (var posting in postings)
        {
            var account = accounts.SingleOrDefault(a => a.Key == posting.AccountKey && a.Currency == posting.Amount.Currency)
                ?? throw new LedgerViolationException($"Account {posting.AccountKey} ({posting.Amount.Currency}) does not exist.");
            entry.Add(account, posting.Amount.Amount);
        }
        db.JournalEntries.Add(entry);
        return entry;
    }

    /// <summary>Creates any missing accounts, tolerating a concurrent creator of the same account.</summary>
    public async Task EnsureAccountsAsync(IPlatformDbFactory factory, IEnumerable<(string Key, string Currency, Guid? OrganizationId)> wanted,
        CancellationToken ct = default)
    {
        foreach (var (key, currency, organizationId) in wanted.Distinct().Where(w => !_known.ContainsKey((w.Key, w.Currency))))
        {
            await using var db = await factory.CreateAsync(ct);
            if (!await db.LedgerAccounts.AnyAsync(a => a.Key == key && a.Currency == currency, ct))
            {
                db.LedgerAccounts.Add(new LedgerAccount(key, currency, organizationId));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (db.IsUniqueViolation(e))
                {
                    // Someone else created it between our check and our insert: the unique index kept one.
                }
            }
            _known[(key, currency)] = true;
        }
    }

    public async Task<Money> BalanceAsync(IPlatformDb db, string key, string currency, CancellationToken ct = default)
    {
        var sum = await db.JournalLines
            .Where(l => db.LedgerAccounts.Any(a => a.Id == l.AccountId && a.Key == key && a.Currency == currency))
            .SumAsync(l => l.Amount, ct);
        return new Money(sum, currency);
    }
}

public sealed class LedgerViolationException(string message) : InvalidOperationException(message);
