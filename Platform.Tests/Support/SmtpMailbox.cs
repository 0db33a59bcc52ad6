using System.Text.RegularExpressions;
using Platform.Web.Messaging;

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
                yield return new ReceivedMail(Header(raw, "To"), Header(raw, "Subject"), raw, File.GetLastWriteTimeUtc(file));
            }
        }
    }

    /// <summary>A header's value, unfolded, with RFC 2047 encoded words (how non-ASCII subjects travel) decoded.</summary>
    private static string Header(string raw, string name)
    {
        var match = Regex.Match(raw, $@"^{name}:(?<v>.*(?:\r?\n[ \t].*)*)", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            return "";
        }
        var unfolded = Regex.Replace(match.Groups["v"].Value, @"\?=\s*\r?\n[ \t]+=\?", "?==?").Replace("\r", "").Replace("\n", "");
        return EncodedWord().Replace(unfolded, w =>
        {
            var encoding = System.Text.Encoding.GetEncoding(w.Groups["charset"].Value);
            var text = w.Groups["text"].Value;
            var bytes = w.Groups["kind"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(text)
                : MimeText.QuotedPrintable(text.Replace('_', ' '));
            return encoding.GetString(bytes);
        }).Trim();
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex("href=\"(?<url>https?://[^\"]+)\"")]
    internal static partial Regex Link();
}

public sealed record ReceivedMail(string To, string Subject, string Raw, DateTime ReceivedAt)
{
    public string Html => MimeText.HtmlPart(Raw) ?? throw new InvalidOperationException("The message has no HTML part.");

    /// <summary>The bytes of the attachment whose file name contains <paramref name="namePart"/> (base64 parts, as our sender writes).</summary>
    public byte[] Attachment(string namePart)
    {
        var boundary = System.Text.RegularExpressions.Regex.Match(Raw, "boundary=\"?(?<b>[^\";\r\n]+)").Groups["b"].Value;
        foreach (var part in Raw.ReplaceLineEndings("\n").Split("--" + boundary))
        {
            var split = part.IndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0)
            {
                continue;
            }
            var headers = part[..split];
            if (headers.Contains("attachment", StringComparison.OrdinalIgnoreCase) && headers.Contains(namePart, StringComparison.OrdinalIgnoreCase))
            {
                return Convert.FromBase64String(string.Concat(part[split..].Where(c => !char.IsWhiteSpace(c))));
            }
        }
        throw new InvalidOperationException($"The message has no attachment named like {namePart}.");
    }

    /// <summary>The first link in the body whose address contains <paramref name="pathPart"/>.</summary>
    public string LinkTo(string pathPart) =>
        SmtpMailbox.Link().Matches(Html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value))
            .FirstOrDefault(u => u.Contains(pathPart, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"The message has no link to {pathPart}.");
}
