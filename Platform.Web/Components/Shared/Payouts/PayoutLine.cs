using Platform.Core.Common;
using Platform.Core.Payouts;

namespace Platform.Web.Components.Shared.Payouts;

/// <summary>
/// One payout as the shared list shows it. An organization sees its own payouts in full (gross, fees, refunds, reserve
/// released); staff and creators see who was paid and the net, so the breakdown is absent for them.
/// </summary>
public sealed record PayoutLine(Guid Id, string PeriodKey, Money Net, Money ReserveHeld, PayoutStatus Status, DateTimeOffset? PaidAt,
    bool HasStatement)
{
    public Guid? OrganizationId { get; init; }
    public string? Organization { get; init; }
    public (DateTimeOffset Start, DateTimeOffset End)? Period { get; init; }
    public PayoutBreakdown? Breakdown { get; init; }

    public static PayoutLine From(PayoutRow p) => new(p.Id, p.PeriodKey, p.Net, p.ReserveHeld, p.Status, p.PaidAt, p.HasStatement)
    {
        Period = (p.PeriodStart, p.PeriodEnd),
        Breakdown = new PayoutBreakdown(p.Gross, p.Fees, p.Refunds, p.ReserveReleased),
    };

    public static PayoutLine From(PlatformPayoutRow p) => new(p.Id, p.PeriodKey, p.Net, p.ReserveHeld, p.Status, p.PaidAt, p.HasStatement)
    {
        OrganizationId = p.OrganizationId,
        Organization = p.Organization,
    };
}

public sealed record PayoutBreakdown(Money Gross, Money Fees, Money Refunds, Money ReserveReleased);

public static class PayoutPages
{
    public static Page<PayoutLine> ToLines(this Page<PayoutRow> page) => new(page.Items.Select(PayoutLine.From).ToList(), page.Total, page.Skip, page.Take);

    public static Page<PayoutLine> ToLines(this Page<PlatformPayoutRow> page) => new(page.Items.Select(PayoutLine.From).ToList(), page.Total, page.Skip, page.Take);
}
