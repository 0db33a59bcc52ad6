using OtpNet;

namespace Platform.Tests.Support;

/// <summary>What an authenticator app does: RFC 6238 codes (HMAC-SHA1, 30 seconds, 6 digits) from the key the app shows.</summary>
public static class Totp
{
    // The app shows the key lower-case in groups of four for people to type; authenticators read past the spacing.
    public static string Code(string base32Key, DateTimeOffset now) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(base32Key.Replace(" ", "").Replace("-", "").ToUpperInvariant()))
            .ComputeTotp(now.UtcDateTime);
}
