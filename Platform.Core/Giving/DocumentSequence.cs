namespace Platform.Core.Giving;

/// <summary>The next human number of one kind (receipts, statements) for one organization and year.</summary>
public sealed class DocumentSequence
{
    private DocumentSequence()
    {
    }

    public DocumentSequence(Guid organizationId, string kind, int year)
    {
        OrganizationId = organizationId;
        Kind = kind;
        Year = year;
        Next = 1;
    }

    public Guid OrganizationId { get; private set; }
    public string Kind { get; private set; } = "";
    public int Year { get; private set; }
    public long Next { get; private set; }
}

/// <summary>A recorded outcome of an operation that must happen once: a webhook event, a refund request.</summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public IdempotencyRecord(string scope, string key, string? outcome, DateTimeOffset at)
    {
        Scope = scope;
        Key = key;
        Outcome = outcome;
        At = at;
    }

    public string Scope { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string? Outcome { get; private set; }
    public DateTimeOffset At { get; private set; }
}
