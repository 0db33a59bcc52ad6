using System.Text.RegularExpressions;
using MimeKit;

namespace Platform.Tests.Support;

/// <summary>Reads what the real SMTP server that ./test.sh starts has received (a maildir).</summary>
public static partial class SmtpMailbox
{
    public static string Folder => TestEnvironment.SmtpMailbox
        ?? throw new InvalidOperationException("PLATFORM_TEST_SMTP_MAILDIR is not set: run the tests through ./test.sh, which starts the SMTP server.");

    public static int Port => int.Parse(TestEnvironment.SmtpPort
        ?? throw new InvalidOperationException("PLATFORM_TEST_SMTP_PORT is not set: run the tests through ./test.sh, which starts the SMTP server."));

    /// <summary>Waits for a message to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public static async Task<ReceivedMail> WaitForAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = All().Where(m => m.To.Contains(to, StringComparison.OrdinalIgnoreCase)
                                         && m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase))
                             .OrderByDescending(m => m.ReceivedAt)
                             .FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {to} with subject containing '{subject}' arrived at the SMTP server.");
            }
            await Task.Delay(100);
        }
    }

    public static IEnumerable<ReceivedMail> All()
    {
        foreach (var sub in new[] { "new", "cur" })
        {
            var dir = Path.Combine(Folder, sub);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var raw = File.ReadAllText(file);
                using var message = MimeMessage.Load(file);
                yield return new ReceivedMail(message.To.ToString(), message.Subject ?? "", raw, message.HtmlBody,
                    message.Attachments.OfType<MimePart>().Select(Attached).ToList(), File.GetLastWriteTimeUtc(file));
            }
        }
    }

    private static ReceivedAttachment Attached(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return new ReceivedAttachment(part.FileName ?? "", part.ContentType.MimeType, content.ToArray());
    }

    [GeneratedRegex("href=\"(?<url>https?://[^\"]+)\"")]
    internal static partial Regex Link();
}

public sealed record ReceivedAttachment(string FileName, string ContentType, byte[] Content);

public sealed record ReceivedMail(string To, string Subject, string Raw, string? HtmlBody, IReadOnlyList<ReceivedAttachment> Attachments, DateTime ReceivedAt)
{
    public string Html => HtmlBody ?? throw new InvalidOperationException("The message has no HTML part.");

    /// <summary>The bytes of the attachment whose file name contains <paramref name="namePart"/>.</summary>
    public byte[] Attachment(string namePart) =>
        Attachments.FirstOrDefault(a => a.FileName.Contains(namePart, StringComparison.OrdinalIgnoreCase))?.Content
        ?? throw new InvalidOperationException($"The message has no attachment named like {namePart}.");

    /// <summary>The first link in the body whose address contains <paramref name="pathPart"/>.</summary>
    public string LinkTo(string pathPart) =>
        SmtpMailbox.Link().Matches(Html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value))
            .FirstOrDefault(u => u.Contains(pathPart, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"The message has no link to {pathPart}.");
}
