using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;

namespace Platform.Web.Messaging;

/// <summary>Sends through SMTP when a host is configured, else writes .eml files into the outbox folder.</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var mail = new MailMessage(settings.From, message.To)
        {
            Subject = message.Subject,
            Body = message.HtmlBody,
            IsBodyHtml = true,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var file in message.Attachments ?? [])
        {
            var attachment = new Attachment(new MemoryStream(file.Content), file.FileName, file.ContentType);
            attachment.ContentDisposition!.FileName = file.FileName; // clients name the saved file from this
            mail.Attachments.Add(attachment);
        }
        using var client = Client(settings);
        await client.SendMailAsync(mail, cancellationToken);
        logger.LogInformation("Email '{Subject}' sent to {To} via {Transport}", message.Subject, message.To,
            settings.SmtpHost is null ? "outbox folder" : settings.SmtpHost);
    }

    private static SmtpClient Client(EmailOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            var folder = Path.GetFullPath(settings.OutboxPath);
            Directory.CreateDirectory(folder);
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder };
        }
        var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.EnableSsl };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }
        return client;
    }
}
