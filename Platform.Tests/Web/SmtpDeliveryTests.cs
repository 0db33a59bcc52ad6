using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Platform.Core.Messaging;
using Platform.Tests.Support;
using Platform.Web.Messaging;

namespace Platform.Tests.Web;

/// <summary>The sender against the real SMTP server ./test.sh starts, and into the outbox folder the embedded default reads.</summary>
public sealed class SmtpDeliveryTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 test attachment");

    [Fact]
    public async Task DeliversHtmlWithAPdfAttachmentToTheSmtpServer()
    {
        var to = $"statement-{Guid.NewGuid():N}@example.test";
        var sender = Sender(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = SmtpMailbox.Port });

        await sender.SendAsync(new EmailMessage(to, "Your statement – 2026", "<p>Attached: <b>your statement</b></p>",
            [new EmailAttachment("statement-2026.pdf", "application/pdf", Pdf)]));

        var received = await SmtpMailbox.WaitForAsync(to, "statement");
        received.Subject.ShouldBe("Your statement – 2026");
        received.Html.ShouldContain("<b>your statement</b>");
        var attachment = received.Attachments.ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("statement-2026.pdf");
        attachment.ContentType.ShouldBe("application/pdf");
        attachment.Content.ShouldBe(Pdf);
    }

    [Fact]
    public async Task WithoutAHostTheMessageIsWrittenToTheOutboxWhereStaffReadItsSubjectBodyAndAttachment()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-outbox-{Guid.NewGuid():N}");
        var settings = new EmailOptions { OutboxPath = folder };
        var sentAt = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
        try
        {
            await Sender(settings, new FakeTimeProvider(sentAt)).SendAsync(new EmailMessage("donor@example.test", "Reçu – 2026",
                "<p>Merci, <b>Zoë</b></p>", [new EmailAttachment("receipt.pdf", "application/pdf", Pdf)]));

            var outbox = new Outbox(Options.Create(settings));
            var listed = outbox.List("Reçu").ShouldHaveSingleItem();
            listed.To.ShouldContain("donor@example.test");
            outbox.HtmlBody(listed.Id)!.ShouldContain("Merci, <b>Zoë</b>");
            using var stored = MimeMessage.Load(outbox.PathOf(listed.Id)!);
            stored.Date.ShouldBe(sentAt);
            var part = stored.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
            part.FileName.ShouldBe("receipt.pdf");
            using var content = new MemoryStream();
            part.Content.ShouldNotBeNull().DecodeTo(content);
            content.ToArray().ShouldBe(Pdf);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static SmtpEmailSender Sender(EmailOptions settings, TimeProvider? clock = null) =>
        new(Options.Create(settings), clock ?? TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);
}
