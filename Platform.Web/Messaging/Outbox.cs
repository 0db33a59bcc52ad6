using Microsoft.Extensions.Options;
using MimeKit;

namespace Platform.Web.Messaging;

public sealed record OutboxMessage(string Id, DateTimeOffset At, string To, string Subject, long Size);

/// <summary>The messages the embedded default wrote into its outbox folder, for the admin outbox page.</summary>
public sealed class Outbox(IOptions<EmailOptions> options)
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
                var headers = HeaderList.Load(f.FullName);
                return new OutboxMessage(f.Name, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero),
                    headers[HeaderId.To] ?? "", headers[HeaderId.Subject] ?? "", f.Length);
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
    public string? HtmlBody(string id)
    {
        if (PathOf(id) is not { } path)
        {
            return null;
        }
        using var message = MimeMessage.Load(path);
        return message.HtmlBody;
    }
}
