using Platform.Data;
using Platform.Web.Payments;

namespace Platform.Tests.Unit;

public sealed class WebhookSecretTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("webhook-secret-").FullName;

    [Fact]
    public void TheEmbeddedDemoMakesItsOwnRandomSecretOnceAndKeepsIt()
    {
        var path = Path.Combine(_folder, "App_Data", "webhook-secret");

        var first = WebhookSecret.Resolve(null, DatabaseProvider.Sqlite, path);
        var again = WebhookSecret.Resolve("", DatabaseProvider.Sqlite, path);
        var elsewhere = WebhookSecret.Resolve(null, DatabaseProvider.Sqlite, Path.Combine(_folder, "other"));

        first.Length.ShouldBe(64);
        again.ShouldBe(first);
        elsewhere.ShouldNotBe(first);
        File.ReadAllText(path).ShouldBe(first);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite); // only its owner reads it
        }
    }

    [Fact]
    public void AServerDeploymentWithoutASecretRefusesToStartSayingWhatToSet()
    {
        var refused = Should.Throw<InvalidOperationException>(() => WebhookSecret.Resolve(" ", DatabaseProvider.Postgres, Path.Combine(_folder, "s")));

        refused.Message.ShouldContain("Gateway:WebhookSecret is not set");
        File.Exists(Path.Combine(_folder, "s")).ShouldBeFalse();
        WebhookSecret.Resolve("configured", DatabaseProvider.Postgres, Path.Combine(_folder, "s")).ShouldBe("configured");
    }

    [Fact]
    public void TheRepositoryShipsNoWebhookSecret()
    {
        var settings = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));

        settings.ShouldNotContain("WebhookSecret");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
