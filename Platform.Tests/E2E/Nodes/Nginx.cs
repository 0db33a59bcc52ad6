using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Platform.Tests.E2E.Nodes;

/// <summary>
/// nginx on loopback in a folder of its own, serving docs/deploy/nginx-platform.conf with the nodes' addresses in its upstream.
/// Each answer names the node that gave it (<c>X-Upstream</c>) and the configuration it came through (<c>X-Generation</c>), so
/// a test can point nginx at other nodes and know when that took effect.
/// </summary>
public sealed partial class Nginx : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";
    private readonly string _folder;
    private Process? _master;
    private int _generation;

    /// <summary>Takes a port and a folder; nothing runs until <see cref="StartAsync"/>.</summary>
    public Nginx(string folder) => (_folder, Port) = (Directory.CreateDirectory(Path.Combine(folder, "nginx")).FullName, FreePort());

    public int Port { get; }

    public string Url => $"http://localhost:{Port}";

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    /// <summary>Starts nginx in front of these nodes, once they answer (with none alive it would name no node).</summary>
    public async Task StartAsync(params AppNode[] nodes)
    {
        File.WriteAllText(Path.Combine(_folder, "nginx.conf"), MainConfig());
        WriteSite(nodes);
        _master = Process.Start(new ProcessStartInfo(Binary, ["-p", _folder, "-c", "nginx.conf"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await WaitForGenerationAsync(nodes);
    }

    /// <summary>Sends every new request to these nodes only (a graceful reload: open WebSockets stay where they are).</summary>
    public async Task PointAtAsync(params AppNode[] nodes)
    {
        WriteSite(nodes);
        using var reload = Process.Start(new ProcessStartInfo(Binary, ["-p", _folder, "-c", "nginx.conf", "-s", "reload"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await reload.WaitForExitAsync();
        reload.ExitCode.ShouldBe(0, await reload.StandardError.ReadToEndAsync());
        await WaitForGenerationAsync(nodes);
    }

    /// <summary>The port of the node that answered through nginx.</summary>
    public static int NodePortOf(IReadOnlyDictionary<string, string> headers) =>
        int.Parse(headers["x-upstream"].Split(':').Last());

    public async ValueTask DisposeAsync()
    {
        if (_master is { HasExited: false } master)
        {
            master.Kill(entireProcessTree: true);
            await master.WaitForExitAsync();
        }
        _master?.Dispose();
    }

    private string MainConfig()
    {
        // Workers run as root when the tests do: they write their temporary files into this folder.
        var user = Environment.UserName == "root" ? "user root;" : "";
        return $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{_folder}}/nginx.pid;
            error_log {{_folder}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{_folder}}/access.log;
                client_body_temp_path {{_folder}}/client_body;
                proxy_temp_path {{_folder}}/proxy;
                fastcgi_temp_path {{_folder}}/fastcgi;
                uwsgi_temp_path {{_folder}}/uwsgi;
                scgi_temp_path {{_folder}}/scgi;
                include {{_folder}}/platform.conf;
            }
            """;
    }

    /// <summary>The deployment's own site file, with this machine's addresses in place of the example ones.</summary>
    private void WriteSite(AppNode[] nodes)
    {
        _generation++;
        var site = File.ReadAllText(AppBuild.NginxSite);
        var servers = UpstreamServer().Matches(site);
        servers.Count.ShouldBeGreaterThan(0, "the site file's upstream lists its nodes as `server HOST:PORT ...;` lines");
        var ours = string.Join('\n', nodes.Select(n => $"    server 127.0.0.1:{n.Port} max_fails=3 fail_timeout=10s;"));
        site = site[..servers[0].Index] + ours + "\n" + UpstreamServer().Replace(site[servers[0].Index..], "");
        site.ShouldContain("listen 80;");
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{Port};");
        site.ShouldContain("proxy_pass http://platform;");
        site = site.Replace("proxy_pass http://platform;", $"""
            proxy_pass http://platform;
                    add_header X-Upstream $upstream_addr always;
                    add_header X-Generation {_generation} always;
            """);
        File.WriteAllText(Path.Combine(_folder, "platform.conf"), site);
    }

    private async Task WaitForGenerationAsync(AppNode[] nodes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_master!.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_master.ExitCode}: {await _master.StandardError.ReadToEndAsync()}\n{ErrorLog}");
            }
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Port}/");
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request);
                if (response.Headers.TryGetValues("X-Generation", out var generation) && generation.Single() == _generation.ToString())
                {
                    var port = int.Parse(response.Headers.GetValues("X-Upstream").Single().Split(':').Last());
                    nodes.ShouldContain(n => n.Port == port);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nginx did not take its configuration {_generation}:\n{ErrorLog}");
    }

    [GeneratedRegex(@"^[ \t]*server [0-9.]+:[0-9]+[^;\n]*;[ \t]*\n", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
