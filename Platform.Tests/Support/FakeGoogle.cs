using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Support;

public sealed record GoogleProfile(string Subject, string Email, bool EmailVerified, string Name);

/// <summary>
/// Google's OAuth side on loopback, over real HTTP: /authorize hands back a code for the profile the test chose,
/// /token trades it (client secret and PKCE verifier checked) for an access token, /userinfo answers for that token.
/// </summary>
public sealed class FakeGoogle : IAsyncDisposable
{
    public const string ClientId = "platform-test-client";
    public const string ClientSecret = "platform-test-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, GoogleProfile> _codes = new();
    private readonly ConcurrentDictionary<string, GoogleProfile> _tokens = new();

    private FakeGoogle(WebApplication app) => _app = app;

    /// <summary>Who signs in at the next /authorize.</summary>
    public GoogleProfile? Next { get; set; }

    public string Url { get; private set; } = "";

    public static async Task<FakeGoogle> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var google = new FakeGoogle(app);
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || google.Next is not { } profile)
            {
                return Results.BadRequest();
            }
            var code = Guid.NewGuid().ToString("N");
            google._codes[code] = profile;
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code"
                || string.IsNullOrEmpty(form["code_verifier"]) || !google._codes.TryRemove(form["code"].ToString(), out var profile))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }
            var token = Guid.NewGuid().ToString("N");
            google._tokens[token] = profile;
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });
        app.MapGet("/userinfo", (HttpRequest request) =>
            google._tokens.TryGetValue(request.Headers.Authorization.ToString().Replace("Bearer ", ""), out var profile)
                ? Results.Json(new { sub = profile.Subject, email = profile.Email, email_verified = profile.EmailVerified, name = profile.Name })
                : Results.Unauthorized());
        await app.StartAsync();
        google.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return google;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
