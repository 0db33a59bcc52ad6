using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Platform.Core.Common;

namespace Platform.Core.Payments;

/// <summary>
/// The gateway's webhook signature: header <c>t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}</c>.
/// A signature is accepted only if it matches and is at most <see cref="Tolerance"/> old, so a captured request
/// cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Gateway-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Compute(secret, timestamp, body)}";
    }

    public static Result Verify(string secret, string? header, string body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header))
        {
            return Result.Fail("The signature header is missing.");
        }
        var parts = header.Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToLookup(p => p[0], p => p[1]);
        var timestamp = parts["t"].FirstOrDefault();
        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Result.Fail("The signature has no valid timestamp.");
        }
        var expected = Convert.FromHexString(Compute(secret, timestamp, body));
        var matches = parts["v1"].Any(v => v.Length == expected.Length * 2 && IsHex(v)
                                           && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v), expected));
        if (!matches)
        {
            return Result.Fail("The signature does not match.");
        }
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age > Tolerance || age < -Tolerance
            ? Result.Fail("The signature is too old (or from the future): possible replay.")
            : Result.Ok;
    }

    private static string Compute(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}
