using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Platform.Web.Messaging;

public sealed record OutboxMessage(string Id, DateTimeOffset At, string To, string Subject, long Size);

/// <summary>The messages the embedded default wrote into its outbox folder, for the admin outbox page.</summary>
public sealed partial class Outbox(IOptions<EmailOptions> options)
{
    private string Folder => Path.GetFullPath(options.Value.OutboxPath);

    public bool IsActive => string.IsNullOrWhiteSpace(options.Value.SmtpHost);

    public IReadOnlyList<OutboxMessage> List(string? search = null)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        return new DirectoryInfo(Folder).EnumerateFiles("*.eml")
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Select(f =>
            {
                var headers = Headers(File.ReadLines(f.FullName).TakeWhile(l => l.Length > 0));
                return new OutboxMessage(f.Name, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero),
                    headers.GetValueOrDefault("To", ""), Decode(headers.GetValueOrDefault("Subject", "")), f.Length);
            })
            .Where(m => string.IsNullOrWhiteSpace(search)
                || m.To.Contains(search, StringComparison.OrdinalIgnoreCase)
                || m.Subject.Contains(search, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The raw .eml file, or null for an unknown or unsafe name.</summary>
    public string? PathOf(string id)
    {
        if (id.Contains('/') || id.Contains('\\') || !id.EndsWith(".eml", StringComparison.Ordinal))
        {
            return null;
        }
        var path = Path.Combine(Folder, id);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The HTML body of a stored message, decoded from its MIME transfer encoding.</summary>
    public string? HtmlBody(string id) => PathOf(id) is { } path ? MimeText.HtmlPart(File.ReadAllText(path)) : null;

    private static Dictionary<string, string> Headers(IEnumerable<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in lines)
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                if (last is not null)
                {
                    headers[last] += line.TrimStart();
                }
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                last = line[..colon];
                headers[last] = line[(colon + 1)..].Trim();
            }
        }
        return headers;
    }

    private static string Decode(string header) => EncodedWord().Replace(header, m =>
    {
        var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(m.Groups[3].Value)
            : MimeText.QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
        return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes);
    }).Replace("?= =?", "");

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
