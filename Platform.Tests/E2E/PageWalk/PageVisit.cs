using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Platform.Tests.Support;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>
/// One browser tab walking pages as one role, and what it saw go wrong on each: a 5xx answer, the error UI, a console
/// error, an error in the app's log, an empty state over rows the data holds. Roles walk side by side, so a log line is
/// put down to every page open while it was written: the walk fails either way, and the line names its source.
/// </summary>
public sealed class PageVisit(LiveApp app, IPage page, WalkRole role)
{
    private const string EmptyStates = ".empty-state h2, .rz-datatable-emptymessage";
    private readonly List<string> _seen = [];

    public List<string> Problems { get; } = [];

    public List<string> Timings { get; } = [];

    public static async Task<PageVisit> OpenAsync(LiveApp app, WalkRole role)
    {
        var page = await app.NewPageAsync();
        var visit = new PageVisit(app, page, role);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                visit._seen.Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => visit._seen.Add($"script error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                visit._seen.Add($"{response.Status} from {response.Url}");
            }
        };
        if (role.Email is not null)
        {
            await page.SignInAsync(role.Email);
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        }
        return visit;
    }

    public IPage Page => page;

    public async Task WalkAsync(WalkedRoute route, string url, Viewer viewer, string? screenshot)
    {
        _seen.Clear();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var logged = app.Logs.Lines.Count;
        var response = await page.GotoAsync(url);
        if (response is { Status: >= 500 })
        {
            _seen.Add($"answered {response.Status}");
        }
        if (!route.IsStatic)
        {
            try
            {
                await page.WaitForCircuitAsync();
            }
            catch (TimeoutException)
            {
                _seen.Add("its circuit never went live");
            }
        }
        await Assertions.Expect(page.Locator(".rz-datatable-loading, .mud-table-loading-progress")).ToHaveCountAsync(0);
        await CheckEmptyStatesAsync(viewer);
        if (await page.Locator("#blazor-error-ui").IsVisibleAsync() || await page.Locator(".blazor-error-boundary").CountAsync() > 0
            || (route.Template != WalkedRoutes.ErrorPage && await page.GetByText("Something went wrong").CountAsync() > 0))
        {
            _seen.Add("shows the error UI");
        }
        _seen.AddRange(app.Logs.Lines.Skip(logged).Where(IsFailure).Select(l => $"logged {l}"));
        if (screenshot is not null)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        }
        Timings.Add($"{url}: {timer.ElapsedMilliseconds} ms");
        Problems.AddRange(_seen.Distinct().Select(p => $"{role} on {url}: {p}"));
    }

    private async Task CheckEmptyStatesAsync(Viewer viewer)
    {
        var empties = page.Locator(EmptyStates);
        if (await ProblemsAsync() is [])
        {
            return;
        }
        // A list may show its empty text for a moment before its first page arrives: give it that moment, then judge.
        try
        {
            await Assertions.Expect(empties).ToHaveCountAsync(0, new() { Timeout = 3_000 });
        }
        catch (PlaywrightException)
        {
            _seen.AddRange(await ProblemsAsync());
        }

        async Task<List<string>> ProblemsAsync()
        {
            var problems = new List<string>();
            foreach (var text in await empties.AllInnerTextsAsync())
            {
                if (await DemoLists.ProblemAsync(app.Services, viewer, text.Trim()) is { } problem)
                {
                    problems.Add(problem);
                }
            }
            return problems;
        }
    }

    /// <summary>An error anywhere, or a circuit's warning (an unhandled exception in a component is logged there).</summary>
    private static bool IsFailure(LogLine line) =>
        line.Level >= LogLevel.Error || (line.Level >= LogLevel.Warning && line.Category.Contains("Circuit", StringComparison.Ordinal));
}
