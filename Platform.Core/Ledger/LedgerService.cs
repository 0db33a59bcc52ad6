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

    // Nor do their ids change: an account read once is not read again to post to it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, string Currency), Guid> _ids = new();

    private readonly SemaphoreSlim _creating = new(1, 1);

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
        // Accounts this process has read before, then those this unit of work holds (looking there scans every tracked
        // change, so only when needed); only the others are read now.
        var wanted = postings.Select(p => (p.AccountKey, p.Amount.Currency)).Distinct().ToList();
        var ids = new Dictionary<(string Key, string Currency), Guid>();
        foreach (var w in wanted)
        {
            if (_ids.TryGetValue(w, out var known))
            {
                ids[w] = known;
            }
        }
        if (ids.Count < wanted.Count)
        {
            foreach (var local in db.LedgerAccounts.Local.Where(a => wanted.Contains((a.Key, a.Currency))))
            {
                ids[(local.Key, local.Currency)] = local.Id;
            }
        }
        var unread = wanted.Where(w => !ids.ContainsKey(w)).Select(w => w.AccountKey).Distinct().ToList();
        if (unread.Count > 0)
        {
            foreach (var read in await db.LedgerAccounts.AsNoTracking().Where(a => unread.Contains(a.Key))
                         .Select(a => new { a.Id, a.Key, a.Currency }).ToListAsync(ct))
            {
                ids[(read.Key, read.Currency)] = _ids[(read.Key, read.Currency)] = read.Id;
            }
        }
        var entry = new JournalEntry(clock.GetUtcNow(), reference, description, organizationId);
        foreach (var posting in postings)
        {
            var id = ids.TryGetValue((posting.AccountKey, posting.Amount.Currency), out var found)
                ? found
                : throw new LedgerViolationException($"Account {posting.AccountKey} ({posting.Amount.Currency}) does not exist.");
            entry.Add(id, posting.Amount);
        }
        db.JournalEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Reads, in one query, the ids of those of <paramref name="keys"/> this process has not read yet, so that entries posted
    /// to them afterwards (a payout run's batch of payees) read nothing more.
    /// </summary>
    public async Task KnowAccountsAsync(IPlatformDb db, IEnumerable<string> keys, CancellationToken ct = default)
    {
        var known = _ids.Keys.Select(k => k.Key).ToHashSet();
        var unread = keys.Where(k => !known.Contains(k)).Distinct().ToList();
        if (unread.Count == 0)
        {
            return;
        }
        foreach (var read in await db.LedgerAccounts.AsNoTracking().Where(a => unread.Contains(a.Key))
                     .Select(a => new { a.Id, a.Key, a.Currency }).ToListAsync(ct))
        {
            _ids[(read.Key, read.Currency)] = read.Id;
        }
    }

    /// <summary>
    /// Creates the accounts that do not exist yet: the missing ones of a whole list with one read and one insert; if another
    /// writer created one of them meanwhile, one by one, leaving the unique index to keep a single copy. Creators in this
    /// process take turns: concurrent inserts of the same accounts in different orders deadlock on PostgreSQL's unique index
    /// (a new charity's first gifts arriving together).
    /// </summary>
    public async Task EnsureAccountsAsync(IPlatformDbFactory factory, IEnumerable<(string Key, string Currency, Guid? OrganizationId)> wanted,
        CancellationToken ct = default)
    {
        wanted = wanted.Distinct().ToList();
        if (wanted.All(w => _known.ContainsKey((w.Key, w.Currency))))
        {
            return;
        }
        await _creating.WaitAsync(ct);
        try
        {
            await CreateMissingAsync(factory, wanted.Where(w => !_known.ContainsKey((w.Key, w.Currency))).ToList(), ct);
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task CreateMissingAsync(IPlatformDbFactory factory, List<(string Key, string Currency, Guid? OrganizationId)> missing,
        CancellationToken ct)
    {
        if (missing.Count == 0)
        {
            return;
        }
        await using (var db = await factory.CreateAsync(ct))
        {
            var keys = missing.Select(m => m.Key).Distinct().ToList();
            var existing = (await db.LedgerAccounts.Where(a => keys.Contains(a.Key)).Select(a => new { a.Key, a.Currency }).ToListAsync(ct))
                .Select(a => (a.Key, a.Currency)).ToHashSet();
            db.LedgerAccounts.AddRange(missing.Where(m => !existing.Contains((m.Key, m.Currency)))
                .Select(m => new LedgerAccount(m.Key, m.Currency, m.OrganizationId)));
            try
            {
                await db.SaveChangesAsync(ct);
                missing.ForEach(m => _known[(m.Key, m.Currency)] = true);
                return;
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e))
            {
                // Someone else created one of them meanwhile: go one by one below.
            }
        }
        foreach (var (key, currency, organizationId) in missing)
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
                    // Created between our check and our insert: the unique index kept one.
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
