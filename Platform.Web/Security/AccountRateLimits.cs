using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.Web.Security;

/// <summary>
/// Limits on the account forms and endpoints, per client IP and per target account, with ASP.NET Core's rate
/// limiter. The account a request names is in its form (the email typed), so a middleware reads the form first
/// (ASP.NET keeps it for the page) and notes what the request is; the limiters only read that note.
/// </summary>
public static class AccountRateLimits
{
    private const string Message = "Too many attempts. Wait a little and try again.";

    /// <summary>What a limited request is: whether it asks for a sign-in email, and the account it names, if any.</summary>
    private sealed record Target(bool SendsSignInEmail, string? Account);

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(l.PerClient, context => TargetOf(context) is null ? null : $"ip:{ClientOf(context)}"),
                Limiter(l.PerAccount, context => TargetOf(context)?.Account is { } account ? $"account:{account}" : null),
                Limiter(l.SignInEmails, context => TargetOf(context) is { SendsSignInEmail: true, Account: { } account } ? $"email:{account}" : null));
        });
        return services;
    }

    /// <summary>Notes which requests are limited and the account each names; after authentication, before the limiter.</summary>
    public static IApplicationBuilder UseAccountRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (await TargetAsync(context) is { } target)
            {
                context.Items[typeof(Target)] = target;
            }
            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static async Task<Target?> TargetAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value?.TrimEnd('/').ToLowerInvariant();
        if (HttpMethods.IsGet(request.Method))
        {
            return path == "/account/magiclink/verify" ? new Target(false, Normalize(request.Query["email"])) : null;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }
        switch (path)
        {
            case "/account/login" or "/account/register" or "/account/resetpassword":
                return new Target(false, await TypedEmailAsync(request));
            case "/account/forgotpassword" or "/account/magiclink":
                return new Target(true, await TypedEmailAsync(request));
            case "/account/loginwith2fa" or "/account/loginwithrecoverycode":
                var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
                return new Target(false, pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } userId ? $"user:{userId}" : null);
            case "/invitations/accept":
                return new Target(false, context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"user:{id}" : null);
            case "/account/passkey/requestoptions":
                return new Target(false, null);
            default:
                return null;
        }
    }

    private static async Task<string?> TypedEmailAsync(HttpRequest request) =>
        request.HasFormContentType ? Normalize((await request.ReadFormAsync()).TryGetValue("Input.Email", out var email) ? email.ToString() : null) : null;

    private static string? Normalize(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToUpperInvariant();

    private static Target? TargetOf(HttpContext context) => context.Items.TryGetValue(typeof(Target), out var t) ? (Target?)t : null;

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static PartitionedRateLimiter<HttpContext> Limiter(RateLimitRule rule, Func<HttpContext, string?> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => partition(context) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountRateLimits))
            .LogWarning("Rate limit reached: {Method} {Path} from {Client}, retry after {Seconds} s", context.Request.Method,
                context.Request.Path, ClientOf(context), seconds);
        var minutes = (seconds + 59) / 60;
        var message = $"{Message} You can try again in {(minutes <= 1 ? "a minute" : $"{minutes} minutes")}.";
        if (context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || (context.Request.HasFormContentType && !context.Request.Path.StartsWithSegments("/Account/Passkey")))
        {
            // The account pages post plain forms: the browser shows this page in place of the form's answer.
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts</title><link rel="stylesheet" href="/app.css"></head>
                <body><section class="account-card"><h1>Too many attempts</h1><div class="alert error" role="alert">{WebUtility.HtmlEncode(message)}</div>
                <p><a href="/">Back to the home page</a></p></section></body></html>
                """, ct);
            return;
        }
        await context.Response.WriteAsJsonAsync(new { error = message }, ct);
    }
}
