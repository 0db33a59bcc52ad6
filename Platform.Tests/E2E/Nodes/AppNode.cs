using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.E2E.Nodes;

/// <summary>
/// One node: the built Platform.Web run as its own process (<c>dotnet Platform.Web.dll</c>), as a deployment runs it, with its
/// settings as environment variables and its own working folder (App_Data). It can be stopped, killed with SIGKILL and
/// started again on the same port.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public AppNode(string name, string folder, IReadOnlyDictionary<string, string> settings)
    {
        (Name, _settings) = (name, settings);
        Folder = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        Port = FreePort();
    }

    public string Name { get; }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>The node itself, bypassing nginx (localhost, not 127.0.0.1: WebAuthn refuses an IP address).</summary>
    public string Url => $"http://localhost:{Port}";

    /// <summary>Everything the process wrote to its console, in order, across restarts.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    public bool Running => _process is { HasExited: false };

    /// <summary>Runs a command of the app's (<c>migrate</c>) to its end with these settings, failing with its output if it fails.</summary>
    public static async Task RunAsync(string folder, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var output = new ConcurrentQueue<string>();
        using var process = Start(folder, settings, output, args);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Platform.Web {string.Join(' ', args)} exited with {process.ExitCode}:\n{string.Join('\n', output)}");
        }
    }

    /// <summary>Starts the process and waits until it answers HTTP.</summary>
    public async Task StartAsync()
    {
        if (Running)
        {
            throw new InvalidOperationException($"Node {Name} is already running.");
        }
        _output.Enqueue($"--- node {Name} starting on port {Port}");
        _process = Start(Folder, _settings, _output, "--urls", $"http://127.0.0.1:{Port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode} while starting:\n{string.Join('\n', _output)}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{Port}/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // listening, still warming up
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Node {Name} did not answer within {StartTimeout}:\n{string.Join('\n', _output)}");
    }

    /// <summary>SIGKILL: the node stops at once, mid-request and mid-job, as when its machine dies.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM: the node finishes what it is doing and shuts down as it would on a deploy.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static Process Start(string folder, IReadOnlyDictionary<string, string> settings, ConcurrentQueue<string> output, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppBuild.WebDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Only what the deployment sets: nothing of the test run's own database settings leaks in.
        start.Environment.Remove("PLATFORM_DB");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the build put the app and the repository's deployment files, found from the test assembly's folder.</summary>
public static class AppBuild
{
    // .../Platform.Tests/bin/<Configuration>/<framework>/
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string RepositoryRoot { get; } = TestOutput.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string WebDll { get; } = Existing(Path.Combine(RepositoryRoot, "Platform.Web", "bin", TestOutput.Parent!.Name,
        TestOutput.Name, "Platform.Web.dll"));

    public static string NginxSite { get; } = Existing(Path.Combine(RepositoryRoot, "docs", "deploy", "nginx-platform.conf"));

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"{path} is missing: build the solution (dotnet build Platform.sln) first.", path);
}
