using Platform.Core.Common;

namespace Platform.Core.Ledger;

/// <summary>
/// One money movement. Its lines sum to zero per currency; it is never edited or deleted once posted,
/// and its reference is unique, so the same business event can never be posted twice.
/// </summary>
public sealed class JournalEntry : Entity
{
    public const int ReferenceMaxLength = 120;
    public const int DescriptionMaxLength = 300;

    private readonly List<JournalLine> _lines = [];

    private JournalEntry()
    {
    }

    internal JournalEntry(DateTimeOffset at, string reference, string description, Guid? organizationId)
    {
        At = at;
        Reference = reference;
        Description = description;
        OrganizationId = organizationId;
    }

    public DateTimeOffset At { get; private set; }

    /// <summary>What caused the entry, e.g. <c>donation:{id}</c> or <c>refund:{key}</c>. Unique.</summary>
    public string Reference { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>The organization the movement concerns, for reports; null for platform-only movements.</summary>
    public Guid? OrganizationId { get; private set; }

    public IReadOnlyList<JournalLine> Lines => _lines;

    internal void Add(Guid accountId, Money amount) => _lines.Add(new JournalLine(Id, accountId, amount.Amount, amount.Currency));
}

/// <summary>A debit (positive) or credit (negative) to one account.</summary>
public sealed class JournalLine : Entity
{
    private JournalLine()
    {
    }

    internal JournalLine(Guid entryId, Guid accountId, decimal amount, string currency)
    {
        EntryId = entryId;
        AccountId = accountId;
        Amount = amount;
        Currency = currency;
    }

    public Guid EntryId { get; private set; }
    public Guid AccountId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
}

/// <summary>One side of a movement before it is posted: debit with a positive amount, credit with a negative one.</summary>
public sealed record Posting(string AccountKey, Money Amount, Guid? OrganizationId = null)
{
    public static Posting Debit(string accountKey, Money amount, Guid? organizationId = null) => new(accountKey, amount, organizationId);

    public static Posting Credit(string accountKey, Money amount, Guid? organizationId = null) => new(accountKey, -amount, organizationId);
}
