using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Platform.Core.Documents;

namespace Platform.Web.Documents;

/// <summary>
/// Prints HTML to PDF with one headless Chromium, started on first use and shared, and a small pool of tabs that are
/// reused from document to document. A missing browser is reported plainly, with where it was looked for.
/// </summary>
public sealed class ChromiumPrinter(IOptions<DocumentOptions> options, ILogger<ChromiumPrinter> logger) : IAsyncDisposable
{
    private static readonly string[] Flags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly DocumentOptions _options = options.Value;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly Channel<IPage> _idle = Channel.CreateUnbounded<IPage>();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<byte[]> PrintAsync(string html, string title, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        var page = await _idle.Reader.ReadAsync(cancellationToken);
        var healthy = true;
        try
        {
            var timeout = _options.TimeoutSeconds * 1000f;
            await page.SetContentAsync(html, new() { Timeout = timeout, WaitUntil = WaitUntilState.Load });
            return await page.PdfAsync(new()
            {
                Format = "A4",
                PrintBackground = true,
                Margin = new() { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
                Tagged = true,
                Outline = false,
            }).WaitAsync(TimeSpan.FromSeconds(_options.TimeoutSeconds), cancellationToken);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            healthy = false;
            throw new DocumentRenderingException($"Printing \"{title}\" failed: {e.Message}", e);
        }
        finally
        {
            await ReturnAsync(page, healthy);
        }
    }

    private async Task ReturnAsync(IPage page, bool healthy)
    {
        if (!healthy || page.IsClosed)
        {
            // A tab that timed out may still be busy: replace it rather than hand it to the next document.
            try
            {
                await page.CloseAsync();
            }
            catch (PlaywrightException)
            {
            }
            page = await _browser!.NewPageAsync();
        }
        _idle.Writer.TryWrite(page);
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
            while (_idle.Reader.TryRead(out _))
            {
            }
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
                _idle.Writer.TryWrite(await _browser.NewPageAsync());
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
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _starting.Dispose();
    }
}
