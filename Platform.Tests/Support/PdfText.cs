using System.Diagnostics;

namespace Platform.Tests.Support;

/// <summary>The text of a PDF as poppler's pdftotext reads it (Debian poppler-utils, installed by ./test.sh).</summary>
public static class PdfText
{
    public static async Task<string> ReadAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"platform-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("pdftotext could not be started.");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
