using System.Security.Cryptography;
using Platform.Core.Common;

namespace Platform.Core.Documents;

/// <summary>
/// An issued file (a tax statement, a payout statement): its bytes and their SHA-256, written once and never changed.
/// Kept apart from the records that describe it so that lists never load the bytes.
/// </summary>
public sealed class StoredDocument : Entity
{
    public const int FileNameMaxLength = 200;

    private StoredDocument()
    {
    }

    public StoredDocument(string fileName, string contentType, byte[] content, DateTimeOffset now)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Size = content.Length;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        CreatedAt = now;
    }

    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public int Size { get; private set; }

    /// <summary>Lower-case hex; proves the file handed out is the one issued.</summary>
    public string Sha256 { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsIntact => Convert.ToHexStringLower(SHA256.HashData(Content)) == Sha256;

    /// <summary>The file exactly as issued; throws when its bytes no longer match the hash taken when it was issued.</summary>
    public DocumentFile ToFile() => IsIntact
        ? new DocumentFile(FileName, ContentType, Content)
        : throw new InvalidOperationException($"Stored document {FileName} does not match its SHA-256.");
}

/// <summary>A file to hand to a user: a download or an attachment.</summary>
public sealed record DocumentFile(string FileName, string ContentType, byte[] Content);

/// <summary>A document the web layer renders from a Razor component and prints to PDF.</summary>
public interface IDocumentModel
{
    /// <summary>The PDF's title and the attachment's name without extension.</summary>
    string Title { get; }
}

/// <summary>Turns a document model into a PDF. Implemented by the web layer with headless Chromium.</summary>
public interface IDocumentRenderer
{
    Task<byte[]> RenderPdfAsync<TModel>(TModel model, CancellationToken cancellationToken = default) where TModel : IDocumentModel;
}

/// <summary>The document printer is unavailable (Chromium missing or failing): a setup problem, said plainly.</summary>
public sealed class DocumentRenderingException(string message, Exception? inner = null) : Exception(message, inner);
