using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Tests.Support;
using Platform.Web.Documents;

namespace Platform.Tests.Web;

/// <summary>Documents waiting for the printer together are printed in one pass and come back each as its own file.</summary>
public sealed class ChromiumPrinterTests
{
    [Fact]
    public async Task DocumentsWaitingTogetherArePrintedInFewerPassesAndEachFileHoldsOnlyItsOwnDocument()
    {
        await using var printer = Printer();
        var pdfs = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => printer.PrintAsync(Document(i), $"doc {i}", CancellationToken.None)));

        printer.Prints.ShouldBeLessThan(12);
        await EachHoldsOnlyItsOwnAsync(pdfs);
    }

    [Fact]
    public async Task ADocumentRunningOverAPageIsStillReturnedWholeAndAloneAmongOthers()
    {
        await using var printer = Printer();
        var pdfs = await Task.WhenAll(Enumerable.Range(1, 8)
            .Select(i => printer.PrintAsync(Document(i, paragraphs: i == 5 ? 150 : 1), $"doc {i}", CancellationToken.None)));

        await EachHoldsOnlyItsOwnAsync(pdfs);
        (await PdfText.ReadAsync(pdfs[4])).ShouldContain("Paragraph 150 of doc-05");
    }

    private static ChromiumPrinter Printer() => new(
        Options.Create(new DocumentOptions { ChromiumPath = TestEnvironment.Chromium, Pages = 1 }), NullLogger<ChromiumPrinter>.Instance);

    private static async Task EachHoldsOnlyItsOwnAsync(byte[][] pdfs)
    {
        for (var i = 0; i < pdfs.Length; i++)
        {
            var text = await PdfText.ReadAsync(pdfs[i]);
            text.ShouldContain($"Title of doc-{i + 1:D2}");
            text.Split("Title of doc-").Length.ShouldBe(2, $"document {i + 1} holds another document too");
        }
    }

    // Laid out as DocumentPage lays every document out: its own styles in the head, its content in the body.
    private static string Document(int number, int paragraphs = 1) =>
        $"<!DOCTYPE html><html><head><style>h1 {{ color: #{number * 20:x2}3355; }}</style></head><body><div class=\"document\">" +
        $"<h1>Title of doc-{number:D2}</h1>" +
        string.Concat(Enumerable.Range(1, paragraphs).Select(p => $"<p>Paragraph {p} of doc-{number:D2}</p>")) +
        "</div></body></html>";
}
