using Platform.Tests.Support;

namespace Platform.Tests.Unit;

/// <summary>The browser tests' authenticator must agree with RFC 6238, or a 2FA failure would be the test's own.</summary>
public sealed class TotpTests
{
    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(2000000000, "279037")]
    public void MatchesTheRfc6238SampleValues(long unixSeconds, string expected) =>
        Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).ShouldBe(expected);
}
