using System.Security.Cryptography;
using Platform.Data;

namespace Platform.Web.Payments;

/// <summary>
/// The gateway webhook's signing secret. A secret shipped in the repository is known to everyone who reads it, so
/// none is: the embedded demo makes its own on first run and keeps it beside its database; a server deployment
/// must be given one and refuses to start without it.
/// </summary>
public static class WebhookSecret
{
    public const string DefaultPath = "App_Data/webhook-secret";

    public static string Resolve(string? configured, DatabaseProvider provider, string path)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        if (provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"Gateway:WebhookSecret is not set. A server deployment ({provider}) needs the secret shared with the payment " +
                "gateway: set Gateway__WebhookSecret in the environment or Gateway:WebhookSecret in the configuration.");
        }
        path = Path.GetFullPath(path);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
