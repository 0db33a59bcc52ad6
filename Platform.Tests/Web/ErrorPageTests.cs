using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>Outside development an unexpected error shows the friendly page, and its reference leads to the logged exception.</summary>
public sealed partial class ErrorPageTests : IAsyncLifetime
{
    private const string FailingPath = "/test/fails";
    private readonly CapturedLogs _logs = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-error-").FullName;
    private WebApplicationFactory<Program> _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_folder, "web.db")};Pooling=False");
            builder.UseSetting("Email:OutboxPath", Path.Combine(_folder, "mail"));
            builder.UseSetting("Gateway:JournalPath", Path.Combine(_folder, "gateway.jsonl"));
            builder.UseSetting("Jobs:Enabled", "false");
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
            // A request no endpoint answers falls through the app's pipeline to this, which fails as a bug would.
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FailingTail()));
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TheReferenceOnTheErrorPageIsLoggedWithTheException()
    {
        var response = await _factory.CreateClient().GetAsync(FailingPath);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("quote this reference");
        var reference = Reference().Match(html).Groups["id"].Value;
        reference.ShouldNotBeNullOrWhiteSpace();
        var line = _logs.Lines.Where(l => l.Message.Contains(reference)).ShouldHaveSingleItem();
        line.Level.ShouldBe(LogLevel.Error);
        line.Exception.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("The test path fails.");
        line.Message.ShouldContain(FailingPath);
    }

    [GeneratedRegex("<code>(?<id>[^<]+)</code>")]
    private static partial Regex Reference();

    private sealed class FailingTail : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == FailingPath
                ? throw new InvalidOperationException("The test path fails.")
                : Task.CompletedTask);
        };
    }
}
