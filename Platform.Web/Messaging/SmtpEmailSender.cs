using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.Core.Messaging;

namespace Platform.Web.Messaging;

/// <summary>Sends through SMTP when a host is configured, else writes .eml files into the outbox folder.</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var mime = Compose(settings, message, clock.GetUtcNow());
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            var folder = Path.GetFullPath(settings.OutboxPath);
            Directory.CreateDirectory(folder);
            await mime.WriteToAsync(Path.Combine(folder, $"{Guid.NewGuid():N}.eml"), cancellationToken);
        }
        else
        {
            using var client = new SmtpClient();
            // EnableSsl asks for TLS: implicit on the SMTPS port, STARTTLS elsewhere; without it the server's offer is not
            // taken up, as System.Net.Mail did, so a plain relay inside the cluster still works.
            var security = !settings.EnableSsl ? SecureSocketOptions.None
                : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        logger.LogInformation("Email '{Subject}' sent to {To} via {Transport}", message.Subject, message.To,
            string.IsNullOrWhiteSpace(settings.SmtpHost) ? "outbox folder" : settings.SmtpHost);
    }

    internal static MimeMessage Compose(EmailOptions settings, EmailMessage message, DateTimeOffset now)
    {
        var body = new BodyBuilder { HtmlBody = message.HtmlBody };
        foreach (var file in message.Attachments ?? [])
        {
            body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        }
        var mime = new MimeMessage { Subject = message.Subject, Date = now, Body = body.ToMessageBody() };
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        return mime;
    }
}
