using Platform.Core.Common;

namespace Platform.Core.Ledger;

/// <summary>
/// One account of the double-entry ledger, keyed by owner and purpose and held in one currency.
/// Its balance is the sum of its lines: positive is a debit balance, negative a credit balance.
/// </summary>
public sealed class LedgerAccount : Entity
{
    public const int KeyMaxLength = 100;

    private LedgerAccount()
    {
    }

    public LedgerAccount(string key, string currency, Guid? organizationId)
    {
        Key = key;
        Currency = currency;
        OrganizationId = organizationId;
    }

    public string Key { get; private set; } = "";
    public string Currency { get; private set; } = "";

    /// <summary>The organization the account belongs to; null for the platform's own accounts.</summary>
    public Guid? OrganizationId { get; private set; }
}

/// <summary>The chart of accounts (see docs/decisions/0004-ledger-accounts.md).</summary>
public static class AccountKeys
{
    /// <summary>Money the card network owes the platform for confirmed charges, less what it paid back.</summary>
    public const string GatewayClearing = "platform:gateway-clearing";

    /// <summary>The platform's fee income.</summary>
    public const string PlatformFees = "platform:fees";

    /// <summary>What the platform owes an organization: gifts and sales less fees, refunds and payouts.</summary>
    public static string Payable(Guid organizationId) => $"org:{organizationId}:payable";

    /// <summary>Part of what is owed to an organization, held back from payouts for a while against disputes.</summary>
    public static string Reserve(Guid organizationId) => $"org:{organizationId}:reserve";
}
