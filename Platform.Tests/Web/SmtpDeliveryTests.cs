using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Tests.Support;
using Platform.Web.Messaging;

namespace Platform.Tests.Web;

/// <summary>The sender against the real SMTP server ./test.sh starts, not a pickup folder.</summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task DeliversHtmlWithAnAttachmentToTheSmtpServer()
    {
        var to = $"statement-{Guid.NewGuid():N}@example.test";
        var sender = new SmtpEmailSender(Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = SmtpMailbox.Port }),
            NullLogger<SmtpEmailSender>.Instance);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 test attachment");

        await sender.SendAsync(new EmailMessage(to, "Your statement – 2026", "<p>Attached: <b>your statement</b></p>",
            [new EmailAttachment("statement-2026.pdf", "application/pdf", pdf)]));

        var received = await SmtpMailbox.WaitForAsync(to, "statement");
        received.Html.ShouldContain("<b>your statement</b>");
        received.Raw.ShouldContain("statement-2026.pdf");
        received.Raw.ShouldContain(Convert.ToBase64String(pdf));
    }
}
