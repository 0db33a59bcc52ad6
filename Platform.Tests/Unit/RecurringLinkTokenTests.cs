using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.DataProtection;
using Platform.Core.Giving;
using Platform.Tests.Support;
using Platform.Web.Messaging;

namespace Platform.Tests.Unit;

public sealed class RecurringLinkTokenTests
{
    private readonly FakeTimeProvider _clock = TestTime.Clock();
    private readonly RecurringLinkTokens _tokens;

    public RecurringLinkTokenTests() => _tokens = new RecurringLinkTokens(new EphemeralDataProtectionProvider(), _clock);

    [Fact]
    public void ATokenNamesItsGiftAndActionUntilItExpires()
    {
        var id = Guid.NewGuid();
        var token = _tokens.Create(id, RecurringAction.Skip);

        _tokens.Read(token).ShouldBe((id, RecurringAction.Skip));
        _clock.SetUtcNow(_clock.GetUtcNow().Add(RecurringLinkTokens.Lifetime).AddMinutes(1));
        _tokens.Read(token).ShouldBeNull();
    }

    [Fact]
    public void AnAlteredForgedOrMissingTokenIsRefused()
    {
        var token = _tokens.Create(Guid.NewGuid(), RecurringAction.Pause);
        var altered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];

        _tokens.Read(altered).ShouldBeNull();
        _tokens.Read(new RecurringLinkTokens(new EphemeralDataProtectionProvider(), _clock).Create(Guid.NewGuid(), RecurringAction.Cancel)).ShouldBeNull();
        _tokens.Read("not-a-token").ShouldBeNull();
        _tokens.Read(null).ShouldBeNull();
    }
}
