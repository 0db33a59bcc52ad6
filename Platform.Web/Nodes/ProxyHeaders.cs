using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Platform.Web.Nodes;

/// <summary>
/// Behind nginx every request comes from the proxy: <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> say who the client
/// is, over what and for which host. They are believed only from the proxies named in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR); anyone else could write them to dodge the rate limits.
/// </summary>
public sealed class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    private ProxyHeaders(IReadOnlyList<IPAddress> proxies, IReadOnlyList<System.Net.IPNetwork> networks, int forwardLimit) =>
        (Proxies, Networks, ForwardLimit) = (proxies, networks, forwardLimit);

    public IReadOnlyList<IPAddress> Proxies { get; }

    public IReadOnlyList<System.Net.IPNetwork> Networks { get; }

    public int ForwardLimit { get; }

    public bool Enabled => Proxies.Count > 0 || Networks.Count > 0;

    public static ProxyHeaders From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = Entries(section, "KnownProxies").Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = Entries(section, "KnownNetworks").Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a network such as 10.0.0.0/8.")).ToList();
        return new ProxyHeaders(proxies, networks, section.GetValue("ForwardLimit", 1));
    }

    // An array in appsettings.json (KnownProxies:0, :1 …), or one comma-separated value from an environment variable.
    private static IEnumerable<string> Entries(IConfigurationSection section, string key)
    {
        var entries = section.GetSection(key);
        return entries.GetChildren().Select(c => c.Value).Append(entries.Value).OfType<string>()
            .SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = ForwardLimit;
        // The framework trusts loopback by default; here only what the configuration names.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in Proxies)
        {
            options.KnownProxies.Add(proxy);
        }
        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }
}

public static class ProxyHeadersExtensions
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxyHeaders = ProxyHeaders.From(configuration);
        services.AddSingleton(proxyHeaders);
        services.Configure<ForwardedHeadersOptions>(proxyHeaders.Configure);
        return services;
    }

    /// <summary>First in the pipeline, so the rate limits, the audit and HTTPS checks see the client, not the proxy.</summary>
    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app) =>
        // With no proxy named the middleware would believe every sender (it checks addresses only when some are known),
        // so it is left out altogether.
        app.ApplicationServices.GetRequiredService<ProxyHeaders>().Enabled ? app.UseForwardedHeaders() : app;
}
