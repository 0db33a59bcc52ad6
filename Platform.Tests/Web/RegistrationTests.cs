using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Messaging;

namespace Platform.Tests.Web;

/// <summary>The registration form does not reveal which addresses have accounts; their owners hear of it by email.</summary>
public sealed class RegistrationTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task RegisteringWithAnAddressThatHasAnAccountAnswersAsForANewOneAndEmailsItsOwner()
    {
        var newcomer = $"newcomer-{Guid.NewGuid():N}@example.test";

        var fresh = await RegisterAsync(newcomer);
        var taken = await RegisterAsync("donor@example.test");

        fresh.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        taken.StatusCode.ShouldBe(fresh.StatusCode);
        taken.Headers.Location!.ToString().ShouldBe(fresh.Headers.Location!.ToString().Replace(Uri.EscapeDataString(newcomer), Uri.EscapeDataString("donor@example.test")));
        (await taken.Content.ReadAsStringAsync()).ShouldNotContain("already taken");
        var outbox = factory.Services.GetRequiredService<Outbox>();
        outbox.List("donor@example.test").ShouldContain(m => m.Subject == "Someone tried to register with your address");
        outbox.List(newcomer).ShouldContain(m => m.Subject == "Confirm your email");
        (await factory.Services.UserAsync("donor@example.test")).DisplayName.ShouldNotBe("Impostor");
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedTheSameWayWhetherOrNotTheAddressHasAnAccount()
    {
        var fresh = await RegisterAsync($"weak-{Guid.NewGuid():N}@example.test", "password");
        var taken = await RegisterAsync("creator@example.test", "password");

        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = "Passwords must have at least one non alphanumeric character.";
        (await fresh.Content.ReadAsStringAsync()).ShouldContain(message);
        (await taken.Content.ReadAsStringAsync()).ShouldContain(message);
    }

    private Task<HttpResponseMessage> RegisterAsync(string email, string password = "Str0ng!passphrase") =>
        factory.NewClient().PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["_handler"] = "register",
            ["Input.DisplayName"] = "Impostor",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
}
