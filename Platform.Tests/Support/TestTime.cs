using Microsoft.Extensions.Time.Testing;

namespace Platform.Tests.Support;

/// <summary>Where every test's clock starts, unless the test says otherwise: a fixed morning, so dates in assertions hold.</summary>
public static class TestTime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Start);
}
