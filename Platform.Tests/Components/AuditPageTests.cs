using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Audit;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.Admin.Audit;

namespace Platform.Tests.Components;

/// <summary>
/// The audit log names what changed in words: enum values by name, also in entries written when they were stored as
/// numbers. It stays light while open: ten rows a page, and the filter inputs only while their panel is open.
/// </summary>
public sealed class AuditPageTests : KitContext
{
    private TestDatabase _db = default!;

    public override async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = _db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        // As the log held them before enums were written by name: OrganizationStatus 0 → 2, RunStatus 0 → 1.
        db.AuditEntries.Add(new AuditEntry(DateTimeOffset.UtcNow, AuditActions.Updated, AuditActor.System, null, nameof(Organization), "org-1",
            """{"Status":{"old":0,"new":2},"Name":{"old":"Old","new":"New"}}"""));
        db.AuditEntries.Add(new AuditEntry(DateTimeOffset.UtcNow, AuditActions.Updated, AuditActor.System, null, "JobRun", "run-1",
            """{"Status":{"old":0,"new":1}}"""));
        await db.SaveChangesAsync();
    }

    protected override async Task DisposeResourcesAsync() => await _db.DisposeAsync();

    [Fact]
    public void StoredEnumNumbersAreShownByName()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll(".change[data-property='Status']").Count.ShouldBe(2));
        var statuses = cut.FindAll(".change[data-property='Status']").Select(c => c.TextContent).ToList();
        statuses.ShouldContain(s => s.Contains(StatusNames.Of((OrganizationStatus)0)) && s.Contains(StatusNames.Of((OrganizationStatus)2)));
        statuses.ShouldContain(s => s.Contains("Running") && s.Contains("Succeeded"));
        statuses.ShouldAllBe(s => !s.Contains(": 0") && !s.Contains("→ 2") && !s.Contains("→ 1"));
        cut.Find("tbody").TextContent.ShouldContain(" UTC");
    }

    [Fact]
    public async Task TheLogShowsTenEntriesAPageAndNoFilterInputsUntilThePanelIsOpened()
    {
        await AddEntriesAsync(30);

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("tbody tr").Count.ShouldBe(10));
        cut.FindAll("#audit-filters").ShouldBeEmpty();
        // The six inputs and their hidden choices were well over a hundred components; the grid's ten rows are a hundred.
        cut.FindComponents<IComponent>().Count.ShouldBeLessThanOrEqualTo(150);

        cut.Find("button[aria-controls='audit-filters']").Click();

        cut.WaitForAssertion(() => cut.Find("#audit-filters").ShouldNotBeNull());
        cut.Find("button[aria-controls='audit-filters']").GetAttribute("aria-expanded").ShouldBe("true");
        cut.FindAll("#audit-filters label").Select(l => l.TextContent.Trim()).ShouldContain("Organization");
    }

    [Fact]
    public async Task AFilterChosenStaysAppliedAndNamedWhenThePanelIsClosedUntilItIsCleared()
    {
        await AddEntriesAsync(3, userName: "kim@audit.test");
        await AddEntriesAsync(2, userName: "lee@audit.test");

        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.FindAll("tbody tr").Count.ShouldBeGreaterThanOrEqualTo(5));
        var everything = cut.FindAll("tbody tr").Count;
        cut.Find("button[aria-controls='audit-filters']").Click();
        cut.WaitForAssertion(() => cut.Find("#audit-filters input").ShouldNotBeNull());
        var user = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "User");
        await cut.InvokeAsync(() => user.Instance.ValueChanged.InvokeAsync("kim@audit.test"));
        cut.WaitForAssertion(() => cut.FindAll("tbody tr").Count.ShouldBe(3), TimeSpan.FromSeconds(5));

        cut.Find("button[aria-controls='audit-filters']").Click();

        cut.WaitForAssertion(() => cut.FindAll("#audit-filters").ShouldBeEmpty());
        cut.FindAll("tbody tr").Count.ShouldBe(3);
        cut.Find(".active-filters").TextContent.ShouldBe("User: kim@audit.test");
        cut.Find("button[aria-controls='audit-filters']").TextContent.Trim().ShouldBe("Filters (1)");

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Clear filters").Click();

        cut.WaitForAssertion(() => cut.FindAll("tbody tr").Count.ShouldBe(everything));
        cut.FindAll(".active-filters").ShouldBeEmpty();
    }

    [Fact]
    public async Task ThePagerMovesThroughTheLogAndOffersMoreRowsAPage()
    {
        await AddEntriesAsync(30);
        var total = await CountEntriesAsync();

        var cut = RenderPage();
        cut.WaitForAssertion(() => Caption(cut).ShouldBe($"1-10 of {total}"));
        cut.Find("button[aria-label='Previous page']").HasAttribute("disabled").ShouldBeTrue();

        cut.Find("button[aria-label='Next page']").Click();

        cut.WaitForAssertion(() => Caption(cut).ShouldBe($"11-20 of {total}"));
        cut.Find("button[aria-label='Previous page']").HasAttribute("disabled").ShouldBeFalse();

        cut.Find("select[aria-label='Rows per page']").Change("25");

        cut.WaitForAssertion(() => cut.FindAll("tbody tr").Count.ShouldBe(25));
        Caption(cut).ShouldBe($"1-25 of {total}");
        cut.Find("button[aria-label='Last page']").Click();
        cut.WaitForAssertion(() => Caption(cut).ShouldBe($"26-{total} of {total}"));
        cut.Find("button[aria-label='Next page']").HasAttribute("disabled").ShouldBeTrue();
    }

    private static string Caption(IRenderedComponent<AuditPage> cut) =>
        cut.FindAll(".mud-table-pagination-caption").Last().TextContent.Trim();

    private IRenderedComponent<AuditPage> RenderPage()
    {
        var scope = _db.Scope();
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<AuditQueries>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<OrganizationService>());
        return Render<AuditPage>();
    }

    private async Task<int> CountEntriesAsync()
    {
        await using var scope = _db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        return await db.AuditEntries.CountAsync();
    }

    private async Task AddEntriesAsync(int count, string? userName = null)
    {
        await using var scope = _db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        var actor = userName is null ? AuditActor.System : new AuditActor(Guid.NewGuid(), userName, null, null);
        for (var i = 0; i < count; i++)
        {
            db.AuditEntries.Add(new AuditEntry(DateTimeOffset.UtcNow, AuditActions.Updated, actor, null, nameof(Organization), $"org-{i}",
                """{"Name":{"old":"Old","new":"New"}}"""));
        }
        await db.SaveChangesAsync();
    }
}
