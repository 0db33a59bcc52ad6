namespace Platform.Core.Giving;

/// <summary>A photo staff attach to a journey step, as uploaded.</summary>
public sealed record JourneyPhoto(string FileName, byte[] Content)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public const string Accepted = "JPEG, PNG or WebP";

    /// <summary>
    /// The image type the bytes really are (read from their first bytes, not from the name or the browser's say),
    /// or null when they are not a JPEG, PNG or WebP image. Served with this type, a file can never be taken for a page.
    /// </summary>
    public (string ContentType, string Extension)? Kind => Content switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ("image/jpeg", "jpg"),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ("image/png", "png"),
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ("image/webp", "webp"),
        _ => null,
    };
}
