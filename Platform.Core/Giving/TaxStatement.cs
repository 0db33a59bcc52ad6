using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Documents;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>
/// A charity's yearly statement of one donor's tax-deductible gifts in one currency. Issued once and never edited: its
/// PDF is stored with its SHA-256. When the gifts it covers change (a refund after issue), the next run issues an
/// amended statement that names the one it corrects; <see cref="Revision"/> counts them.
/// </summary>
public sealed class TaxStatement : Entity, IDonorOwned
{
    public const string Sequence = "statement";

    private TaxStatement()
    {
    }

    public TaxStatement(Guid organizationId, int year, string donorEmail, Guid? donorUserId, string donorName, string? postalAddress,
        Money total, int gifts, string digest, string number, TaxStatement? amends, Guid documentId, DateTimeOffset issuedAt)
    {
        OrganizationId = organizationId;
        Year = year;
        DonorEmail = donorEmail;
        DonorUserId = donorUserId;
        DonorName = donorName;
        PostalAddress = postalAddress;
        Total = total.Amount;
        Currency = total.Currency;
        Gifts = gifts;
        Digest = digest;
        Number = number;
        AmendsId = amends?.Id;
        Revision = amends is null ? 0 : amends.Revision + 1;
        DocumentId = documentId;
        IssuedAt = issuedAt;
    }

    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    public string DonorEmail { get; private set; } = "";
    public Guid? DonorUserId { get; private set; }
    public string DonorName { get; private set; } = "";
    public string? PostalAddress { get; private set; }
    public decimal Total { get; private set; }
    public string Currency { get; private set; } = "USD";
    public int Gifts { get; private set; }

    /// <summary>A hash of the gifts covered and what each kept; equal digests mean nothing has changed since issue.</summary>
    public string Digest { get; private set; } = "";

    /// <summary>Unique per charity and year, e.g. TS-2026-000007.</summary>
    public string Number { get; private set; } = "";
    public Guid? AmendsId { get; private set; }
    public int Revision { get; private set; }
    public Guid DocumentId { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset? EmailedAt { get; private set; }

    public Money TotalMoney => new(Total, Currency);

    public void Emailed(DateTimeOffset at) => EmailedAt = at;
}

/// <summary>The statement document: what the PDF shows.</summary>
public sealed record TaxStatementDocument(
    string Number, int Year, DateTimeOffset IssuedAt, string? AmendsNumber,
    string CharityName, string? RegistrationNumber, string? LogoUrl, string PrimaryColor, string? DeductibilityText,
    string DonorName, string? PostalAddress, IReadOnlyList<StatementLine> Lines, Money Total) : IDocumentModel
{
    public string Title => $"Tax statement {Number}";
}

/// <summary>One gift on a statement: <paramref name="Amount"/> is what was given less <paramref name="Refunded"/>.</summary>
public sealed record StatementLine(DateTimeOffset Date, string ReceiptNumber, string ProgramName, Money Amount, Money? Refunded = null,
    DateTimeOffset? RefundedAt = null);

/// <summary>One page over all of a donor's statements for a year, from every charity: a summary, not a tax document.</summary>
public sealed record CombinedStatementDocument(int Year, DateTimeOffset IssuedAt, string DonorName, string? PostalAddress,
    IReadOnlyList<CombinedStatementLine> Charities) : IDocumentModel
{
    public string Title => $"Giving summary {Year}";

    public IReadOnlyList<Money> Totals => Charities.GroupBy(c => c.Total.Currency)
        .Select(g => new Money(g.Sum(c => c.Total.Amount), g.Key)).ToList();
}

public sealed record CombinedStatementLine(string CharityName, string? RegistrationNumber, string StatementNumber, int Gifts, Money Total);

public sealed record TaxStatementEmail(string DonorName, int Year, IReadOnlyList<string> Charities, string PortalUrl) : IEmailModel
{
    public string Subject => $"Your {Year} tax statement" + (Charities.Count > 1 ? "s" : "");
}
