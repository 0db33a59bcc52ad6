namespace Platform.Tests.Support;

public static class TestImages
{
    /// <summary>A real 2×2 PNG (browsers draw it), written by <see cref="PngWriter"/>.</summary>
    public static byte[] Png { get; } = PngWriter.Solid(2, 2, 0x2E, 0x7D, 0x32);
}

/// <summary>Writes a one-colour RGB PNG: enough for a test image without an imaging library.</summary>
public static class PngWriter
{
    public static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // no filter
            for (var x = 0; x < width; x++)
            {
                raw.Write([r, g, b]);
            }
        }
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 2, 0, 0, 0]);
        Chunk(png, "IDAT", Zlib(raw.ToArray()));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Zlib(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        png.Write(BigEndian(data.Length));
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        png.Write(BigEndian((int)Crc32(typed)));
    }

    // The PNG chunk checksum (CRC-32, polynomial 0xEDB88320).
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
