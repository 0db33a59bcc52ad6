using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.Tests.Web;

public sealed class MetricsEndpointTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task AnAnonymousRequestFromAnotherMachineIsRefused()
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public async Task AnAnonymousRequestThroughAProxyOnThisMachineIsRefused()
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public async Task AForcedCollectionFromAnotherMachineIsRefused()
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/metrics/full-gc";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public async Task AScraperOnThisMachineReadsTheCircuitAndHeapFigures()
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        body.ShouldContain("platform_gc_heap_after_full_gc");
    }

    [Fact]
    public async Task StaffSignedInReadTheMetricsFromAnywhere()
    {
        var admin = await factory.SignedInClientAsync("admin@platform.test");

        var response = await admin.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("platform_gc_heap_after_full_gc");
    }

    [Fact]
    public async Task ADonorSignedInIsRefused()
    {
        var donor = await factory.SignedInClientAsync("donor@example.test");

        var response = await donor.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
