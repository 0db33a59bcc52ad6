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
}
