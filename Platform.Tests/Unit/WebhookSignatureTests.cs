using Platform.Core.Payments;

namespace Platform.Tests.Unit;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test";
    private const string Body = """{"id":"evt_1","type":"charge.succeeded"}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AFreshSignatureOverTheExactBodyIsAccepted() =>
        WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, Body, Now), Body, Now.AddSeconds(30)).Succeeded.ShouldBeTrue();

    [Fact]
    public void AChangedBodyAnotherSecretOrAMissingHeaderIsRefused()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);

        WebhookSignature.Verify(Secret, header, Body.Replace("evt_1", "evt_2"), Now).Summary.ShouldContain("does not match");
        WebhookSignature.Verify("another", header, Body, Now).Summary.ShouldContain("does not match");
        WebhookSignature.Verify(Secret, null, Body, Now).Summary.ShouldContain("missing");
        WebhookSignature.Verify(Secret, "t=abc,v1=00", Body, Now).Summary.ShouldContain("timestamp");
        WebhookSignature.Verify(Secret, header.Replace("v1=", "v1=zz"), Body, Now).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void AReplayOlderThanFiveMinutesIsRefused()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);

        WebhookSignature.Verify(Secret, header, Body, Now.AddMinutes(4)).Succeeded.ShouldBeTrue();
        WebhookSignature.Verify(Secret, header, Body, Now.AddMinutes(6)).Summary.ShouldContain("replay");
    }
}
