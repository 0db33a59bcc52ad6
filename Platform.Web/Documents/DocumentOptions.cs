namespace Platform.Web.Documents;

/// <summary>The "Documents" configuration section: the headless browser that prints PDFs.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>Debian's chromium package; set another path where the browser lives elsewhere.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>How many documents print at once (one browser tab each).</summary>
    public int Pages { get; set; } = 2;

    /// <summary>The most documents a tab prints together when several are waiting (see <see cref="ChromiumPrinter"/>).</summary>
    public int MaxBatch { get; set; } = 50;

    /// <summary>A document that takes longer than this to print fails instead of holding a tab.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
