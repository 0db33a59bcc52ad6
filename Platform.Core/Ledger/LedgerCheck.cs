using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Core.Ledger;

/// <summary>
/// The ledger's invariants, checked against the stored rows: every entry balances per currency, every line
/// is on an account of its own currency, and all accounts together sum to zero per currency.
/// Runs in tests after every money scenario and on demand from admin.
/// </summary>
public sealed class LedgerCheck(IPlatformDbFactory factory)
{
    public async Task<LedgerReport> RunAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateAsync(ct);
        // Lines, entries and orphans are read in one snapshot: read one by one, an entry booked between the reads (a payout,
        // a gift) counts as an entry whose lines were read before it existed, and a sound ledger reports itself broken.
        await using var snapshot = await db.BeginSnapshotAsync(ct);
        // Every line is read and summed here, not trusted to an aggregate: the check is about the rows as stored.
        var lines = await db.JournalLines
            .Join(db.LedgerAccounts, l => l.AccountId, a => a.Id, (l, a) => new { l.EntryId, l.Amount, l.Currency, AccountCurrency = a.Currency })
            .ToListAsync(ct);
        var lineEntryIds = lines.Select(l => l.EntryId).ToHashSet();
        var entryCount = await db.JournalEntries.CountAsync(ct);
        var orphans = await db.JournalLines.CountAsync(l => !db.LedgerAccounts.Any(a => a.Id == l.AccountId), ct);
        var unbalanced = lines.GroupBy(l => (l.EntryId, l.Currency)).Where(g => g.Sum(l => l.Amount) != 0m)
            .Select(g => g.Key.EntryId).Distinct().ToList();
        var wrongCurrency = lines.Count(l => l.Currency != l.AccountCurrency);
        var emptyEntries = entryCount - lineEntryIds.Count;
        var trial = lines.GroupBy(l => l.Currency).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        return new LedgerReport(entryCount, lines.Count, unbalanced, orphans, wrongCurrency, emptyEntries, trial);
    }
}

public sealed record LedgerReport(int Entries, int Lines, IReadOnlyList<Guid> UnbalancedEntries, int OrphanLines,
    int LinesInWrongCurrency, int EntriesWithoutLines, IReadOnlyDictionary<string, decimal> TrialBalance)
{
    public bool IsHealthy => UnbalancedEntries.Count == 0 && OrphanLines == 0 && LinesInWrongCurrency == 0
                             && EntriesWithoutLines == 0 && TrialBalance.Values.All(v => v == 0m);

    public override string ToString() => IsHealthy
        ? $"Ledger healthy: {Entries} entries, {Lines} lines."
        : $"Ledger broken: {UnbalancedEntries.Count} unbalanced entries, {OrphanLines} orphan lines, "
          + $"{LinesInWrongCurrency} lines in the wrong currency, {EntriesWithoutLines} empty entries, trial balance "
          + string.Join(", ", TrialBalance.Select(t => $"{t.Key} {t.Value}"));
}
