using Microsoft.Playwright;

// Usage: Screens BASE_URL OUTPUT_DIR. Each role's main pages at desktop width in light and dark, and at phone width.
var (baseUrl, output) = (args[0].TrimEnd('/'), Directory.CreateDirectory(args[1]).FullName);
const string Password = "Demo!pass1";
(string Name, string? Email, string[] Paths)[] roles =
[
    ("public", null, ["/", "/charities"]),
    ("donor", "donor@example.test", ["/donor", "/donor/donations", "/donor/recurring"]),
    ("merchant", "owner@openhands.test", ["/merchant", "/merchant/journeys", "/merchant/donations"]),
    ("gym", "owner@northside.test", ["/merchant", "/merchant/team"]),
    ("creator", "creator@example.test", ["/creator", "/creator/payouts"]),
    ("admin", "admin@platform.test", ["/admin", "/admin/organizations", "/admin/jobs", "/admin/audit"]),
];
(string Name, int Width, int Height, ColorScheme Scheme)[] views =
[
    ("light", 1280, 800, ColorScheme.Light),
    ("dark", 1280, 800, ColorScheme.Dark),
    ("phone", 390, 844, ColorScheme.Light),
];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("PLATFORM_TEST_CHROMIUM") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
foreach (var role in roles)
{
    foreach (var view in views)
    {
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = view.Width, Height = view.Height },
            ColorScheme = view.Scheme,
        });
        // The page renders in the scheme of this cookie from its first byte; signing in would replace it with the account's.
        await context.AddCookiesAsync([new() { Name = "platform.scheme", Value = view.Scheme.ToString(), Url = baseUrl }]);
        var page = await context.NewPageAsync();
        if (role.Email is not null)
        {
            await page.GotoAsync($"{baseUrl}/Account/Login");
            await page.GetByLabel("Email").FillAsync(role.Email);
            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
            await context.AddCookiesAsync([new() { Name = "platform.scheme", Value = view.Scheme.ToString(), Url = baseUrl }]);
        }
        foreach (var path in role.Paths)
        {
            await page.GotoAsync(baseUrl + path);
            await page.Locator("main[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator(".mud-table-loading").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.WaitForTimeoutAsync(600); // charts and the drawer animate in
            var name = path.Trim('/').Replace('/', '-') is { Length: > 0 } p ? p : "home";
            var file = Path.Combine(output, $"{role.Name}-{name}-{view.Name}.png");
            await page.ScreenshotAsync(new() { Path = file });
            Console.WriteLine(Path.GetFileName(file));
        }
    }
}
