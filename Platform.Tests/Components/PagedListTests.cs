using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.Admin;

namespace Platform.Tests.Components;

/// <summary>Lists paged on the server show their rows as soon as the page opens, not only after a filter changes.</summary>
public sealed class PagedListTests : KitContext
{
    private TestDatabase _db = default!;

    public override async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await _db.CreateUserAsync("first@example.test");
        await _db.CreateUserAsync("second@example.test");
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    [Fact]
    public void TheUsersListShowsItsUsersOnFirstRender()
    {
        Services.AddSingleton(_db.Scope().ServiceProvider.GetRequiredService<UserQueries>());

        var cut = Render<UsersPage>();

        cut.WaitForAssertion(() => cut.FindAll("td a").Select(a => a.TextContent).ShouldContain("first@example.test"));
        cut.FindAll(".empty-state").ShouldBeEmpty();
    }
}
