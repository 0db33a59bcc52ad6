using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.Admin;
using Radzen;

namespace Platform.Tests.Components;

/// <summary>Lists paged on the server show their rows as soon as the page opens, not only after a filter changes.</summary>
public sealed class PagedListTests : BunitContext, IAsyncLifetime
{
    private TestDatabase _db = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _db.CreateUserAsync("first@example.test");
        await _db.CreateUserAsync("second@example.test");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddRadzenComponents();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public void TheUsersListShowsItsUsersOnFirstRender()
    {
        Services.AddSingleton(_db.Scope().ServiceProvider.GetRequiredService<UserQueries>());

        var cut = Render<UsersPage>();

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("first@example.test"));
    }
}
