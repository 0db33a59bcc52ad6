using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Identity;

namespace Platform.Tests.Web;

/// <summary>What a browser does over plain HTTP: sign in through the form, post a page's forms with its antiforgery token.</summary>
public static partial class AccountClient
{
    public static HttpClient NewClient<T>(this WebApplicationFactory<T> factory) where T : class =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client whose cookies live in <paramref name="jar"/>, so a test can copy them as a thief would.</summary>
    public static HttpClient NewClient<T>(this WebApplicationFactory<T> factory, CookieContainer jar) where T : class =>
        factory.CreateDefaultClient(new Uri("http://localhost"), new CookieJarHandler(jar));

    public static CookieContainer CopyOf(CookieContainer jar)
    {
        var copy = new CookieContainer();
        copy.Add(jar.GetAllCookies());
        return copy;
    }

    public static async Task<HttpClient> SignedInClientAsync<T>(this WebApplicationFactory<T> factory, string email,
        string password = "Demo!pass1") where T : class
    {
        var client = factory.NewClient();
        var response = await client.SignInAsync(email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {email}");
        response.Headers.Location!.ToString().ShouldNotContain("/Account/Login");
        return client;
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = "Demo!pass1") =>
        client.PostFormAsync("/Account/Login", "/Account/Login", new()
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action,
        Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = AntiforgeryToken(await client.GetStringAsync(formPage)) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public static async Task<PlatformUser> UserAsync(this IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!;
    }

    public static string AntiforgeryToken(string html) =>
        TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenField();

    private sealed class CookieJarHandler(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (jar.GetCookieHeader(request.RequestUri!) is { Length: > 0 } header)
            {
                request.Headers.Add("Cookie", header);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    jar.SetCookies(request.RequestUri!, cookie);
                }
            }
            return response;
        }
    }
}
