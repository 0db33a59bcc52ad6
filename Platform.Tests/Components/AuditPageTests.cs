using Bunit;
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

/// <summary>The audit log names what changed in words: enum values by name, also in entries written when they were stored as numbers.</summary>
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
        var scope = _db.Scope();
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<AuditQueries>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<OrganizationService>());

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => cut.FindAll(".change[data-property='Status']").Count.ShouldBe(2));
        var statuses = cut.FindAll(".change[data-property='Status']").Select(c => c.TextContent).ToList();
        statuses.ShouldContain(s => s.Contains(StatusNames.Of((OrganizationStatus)0)) && s.Contains(StatusNames.Of((OrganizationStatus)2)));
        statuses.ShouldContain(s => s.Contains("Running") && s.Contains("Succeeded"));
        statuses.ShouldAllBe(s => !s.Contains(": 0") && !s.Contains("→ 2") && !s.Contains("→ 1"));
        cut.Find("tbody").TextContent.ShouldContain(" UTC");
    }
}
