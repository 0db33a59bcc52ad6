using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Platform.Core.Documents;

namespace Platform.Web.Documents;

/// <summary>
/// Prints HTML to PDF with one headless Chromium, started on first use and shared, and a small pool of tabs that are
/// reused from document to document. A missing browser is reported plainly, with where it was looked for.
/// <para>
/// Documents asked for while the tabs are busy are printed together: most of Chromium's cost is per print, not per
/// page, so a tab that comes free prints everything waiting as one PDF (each document in a shadow root of its own, so
/// their styles never meet, each starting a page) and cuts it back into one file per document with poppler's
/// <c>pdfseparate</c>. That is only done when every document filled exactly one page; otherwise, or without poppler,
/// each is printed on its own as before.
/// </para>
/// </summary>
public sealed class ChromiumPrinter(IOptions<DocumentOptions> options, ILogger<ChromiumPrinter> logger) : IAsyncDisposable
{
    private static readonly string[] Flags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly DocumentOptions _options = options.Value;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly Channel<PrintJob> _waiting = Channel.CreateUnbounded<PrintJob>();
    private readonly List<Task> _tabs = [];
    private CancellationTokenSource _generation = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private bool _canSplit = true;
    private long _prints;

    /// <summary>How many times Chromium has printed: once per batch, so fewer than the documents when they were batched.</summary>
    public long Prints => Interlocked.Read(ref _prints);

    public async Task<byte[]> PrintAsync(string html, string title, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        var job = new PrintJob(html, title);
        _waiting.Writer.TryWrite(job);
        return await job.Done.Task.WaitAsync(cancellationToken);
    }

    // One loop per tab: whenever documents are waiting, it takes them all (up to MaxBatch) and prints them together.
    // Documents asked for while both tabs print simply wait, and so go together next time.
    private async Task TabAsync(IBrowser browser, IPage page, CancellationToken stop)
    {
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(stop))
            {
                var batch = new List<PrintJob>();
                while (batch.Count < Math.Max(1, _options.MaxBatch) && _waiting.Reader.TryRead(out var job))
                {
                    batch.Add(job);
                }
                if (batch.Count == 0)
                {
                    continue; // the other tab took them
                }
                var healthy = false;
                try
                {
                    healthy = await PrintBatchAsync(page, batch);
                }
                catch (Exception e)
                {
                    // Whatever went wrong, no caller is left waiting for a document this tab took.
                    batch.ForEach(j => j.Done.TrySetException(e));
                }
                if (!healthy || page.IsClosed)
                {
                    page = await ReplaceAsync(browser, page);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (PlaywrightException e)
        {
            // The tab could not be replaced, so the browser is in trouble: start another, whose tabs take over what is
            // waiting; this loop ends. If no browser starts, what is waiting fails rather than waits for ever.
            logger.LogWarning(e, "The document printer's browser failed; starting it again");
            try
            {
                if (ReferenceEquals(_browser, browser) && browser.IsConnected)
                {
                    await browser.CloseAsync();
                }
                await EnsureStartedAsync(CancellationToken.None);
            }
            catch (Exception restart)
            {
                while (_waiting.Reader.TryRead(out var job))
                {
                    job.Done.TrySetException(restart);
                }
            }
        }
    }

    // A tab that failed or timed out may still be busy: it is replaced rather than given the next documents.
    private static async Task<IPage> ReplaceAsync(IBrowser browser, IPage page)
    {
        try
        {
            await page.CloseAsync();
        }
        catch (PlaywrightException)
        {
        }
        return await browser.NewPageAsync();
    }

    private async Task<bool> PrintBatchAsync(IPage page, List<PrintJob> batch)
    {
        if (batch.Count > 1 && _canSplit)
        {
            try
            {
                var pdf = await PrintOnceAsync(page, Together(batch), $"{batch.Count} documents");
                if (await SplitAsync(pdf, batch.Count) is { } parts)
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(parts[i]);
                    }
                    return true;
                }
            }
            catch (DocumentRenderingException e)
            {
                logger.LogWarning(e, "Printing {Count} documents together failed; printing them one by one", batch.Count);
            }
        }
        var healthy = true;
        foreach (var job in batch)
        {
            try
            {
                job.Done.TrySetResult(await PrintOnceAsync(page, job.Html, job.Title));
            }
            catch (DocumentRenderingException e)
            {
                healthy = false;
                job.Done.TrySetException(e);
            }
        }
        return healthy;
    }

    private async Task<byte[]> PrintOnceAsync(IPage page, string html, string title)
    {
        try
        {
            var timeout = _options.TimeoutSeconds * 1000f;
            Interlocked.Increment(ref _prints);
            await page.SetContentAsync(html, new() { Timeout = timeout, WaitUntil = WaitUntilState.Load });
            return await page.PdfAsync(new()
            {
                Format = "A4",
                PrintBackground = true,
                Margin = new() { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
                Tagged = true,
                Outline = false,
            }).WaitAsync(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new DocumentRenderingException($"Printing \"{title}\" failed: {e.Message}", e);
        }
    }

    // One page holding every document, each inside a declarative shadow root with its own styles, each on a new page.
    private static string Together(List<PrintJob> batch)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\" /><style>body { margin: 0; } ")
            .Append(".printed + .printed { break-before: page; }</style></head><body>");
        foreach (var job in batch)
        {
            html.Append("<div class=\"printed\"><template shadowrootmode=\"open\">")
                .Append(Between(job.Html, "<style>", "</style>", inclusive: true))
                .Append(Between(job.Html, "<body>", "</body>", inclusive: false))
                .Append("</template></div>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Between(string html, string start, string end, bool inclusive)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        var to = html.IndexOf(end, from < 0 ? 0 : from, StringComparison.Ordinal);
        if (from < 0 || to < 0)
        {
            throw new DocumentRenderingException($"A document to print has no {start}: documents are laid out by DocumentPage.");
        }
        return inclusive ? html[from..(to + end.Length)] : html[(from + start.Length)..to];
    }

    /// <summary>One PDF per page of <paramref name="pdf"/> when it has exactly <paramref name="documents"/> pages; else null.</summary>
    private async Task<byte[][]?> SplitAsync(byte[] pdf, int documents)
    {
        var folder = Directory.CreateTempSubdirectory("platform-print-");
        try
        {
            var whole = Path.Combine(folder.FullName, "whole.pdf");
            await File.WriteAllBytesAsync(whole, pdf);
            var info = await RunAsync("pdfinfo", whole);
            var pages = info?.Split('\n').FirstOrDefault(l => l.StartsWith("Pages:", StringComparison.Ordinal)) is { } line
                ? int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture)
                : -1;
            if (pages != documents)
            {
                return null; // a document ran over a page: which pages are whose is not known, so each is printed alone
            }
            if (await RunAsync("pdfseparate", whole, Path.Combine(folder.FullName, "page-%d.pdf")) is null)
            {
                return null;
            }
            var parts = new byte[documents][];
            for (var i = 0; i < documents; i++)
            {
                parts[i] = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, $"page-{i + 1}.pdf"));
            }
            return parts;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // A poppler tool's output, or null when it failed; when poppler is not installed, printing together stops for good.
    private async Task<string?> RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                logger.LogWarning("{Tool} failed ({Code}): {Error}", tool, process.ExitCode, await error);
                return null;
            }
            return await output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            _canSplit = false;
            logger.LogWarning("{Tool} (poppler-utils) is not installed: documents are printed one at a time", tool);
            return null;
        }
    }

    private sealed record PrintJob(string Html, string Title)
    {
        public TaskCompletionSource<byte[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true })
        {
            return;
        }
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true })
            {
                return;
            }
            if (!File.Exists(_options.ChromiumPath))
            {
                throw new DocumentRenderingException(
                    $"Chromium was not found at {_options.ChromiumPath}. Install it (Debian: apt-get install chromium) or set Documents:ChromiumPath.");
            }
            await _generation.CancelAsync(); // the tabs of a browser that stopped
            _generation = new CancellationTokenSource();
            _playwright ??= await Playwright.CreateAsync();
            try
            {
                _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = _options.ChromiumPath, Headless = true, Args = Flags });
            }
            catch (PlaywrightException e)
            {
                throw new DocumentRenderingException($"Chromium at {_options.ChromiumPath} could not be started: {e.Message}", e);
            }
            for (var i = 0; i < Math.Max(1, _options.Pages); i++)
            {
                var page = await _browser.NewPageAsync();
                var (browser, stop) = (_browser, _generation.Token);
                _tabs.Add(Task.Run(() => TabAsync(browser, page, stop)));
            }
            logger.LogInformation("Document printer started: {Path}, {Pages} pages", _options.ChromiumPath, _options.Pages);
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _generation.CancelAsync();
        await Task.WhenAll(_tabs);
        while (_waiting.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled();
        }
        _generation.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _starting.Dispose();
    }
}
