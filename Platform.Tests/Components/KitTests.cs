using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Platform.Core.Common;
using Platform.Web.Components.Shared;
using Platform.Tests.Components.Harness;

namespace Platform.Tests.Components;

/// <summary>The shared kit on MudBlazor: field messages, the confirmation step, a server-paged grid's three states.</summary>
public sealed class KitTests : KitContext
{
    [Fact]
    public void AServiceResultsMessageAppearsUnderItsOwnFieldAndClearsOnceTheFieldIsEdited()
    {
        var form = Render<NameForm>(p => p.Add(c => c.Result, Result.Fail("Name", "That name is taken.")));

        form.Find(".name-field").TextContent.ShouldContain("That name is taken.");
        form.Find(".other-field").TextContent.ShouldNotContain("That name is taken.");

        form.Find(".name-field input").Change("Another");

        form.WaitForAssertion(() => form.Find(".name-field").TextContent.ShouldNotContain("That name is taken."));
    }

    [Fact]
    public void MessagesAboutTheWholeFormAreShownAboveItAndNotOnAField()
    {
        var form = Render<NameForm>(p => p.Add(c => c.Result, Result.Fail("", "The organization is read-only.")));

        form.Find(".field-error").TextContent.ShouldBe("The organization is read-only.");
        form.Find(".name-field").TextContent.ShouldNotContain("read-only");
    }

    [Theory]
    [InlineData("Archive", true)]
    [InlineData("Cancel", false)]
    public async Task TheConfirmationAsksTheQuestionAndAnswersWhichButtonWasChosen(string button, bool expected)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        Task<bool> answer = Task.FromResult(!expected);
        await provider.InvokeAsync(() => { answer = dialogs.AskAsync("Archive Downtown? Its history is kept.", "Archive"); });

        provider.WaitForAssertion(() => provider.Markup.ShouldContain("Archive Downtown? Its history is kept."));
        provider.FindAll("button").Single(b => b.TextContent.Trim() == button).Click();
        (await answer.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(expected);
    }

    [Fact]
    public void AServerPagedGridShowsItsLoadingBarAndNotItsEmptyStateBeforeTheFirstPageArrives()
    {
        var pending = new TaskCompletionSource<GridData<string>>();

        var grid = Render<ServerGrid>(p => p.Add(c => c.Load, _ => pending.Task));

        grid.FindAll(".mud-table-loading").ShouldNotBeEmpty();
        grid.FindAll(".empty-state").ShouldBeEmpty();

        pending.SetResult(new GridData<string> { Items = ["Downtown", "Riverside"], TotalItems = 2 });

        grid.WaitForAssertion(() => grid.FindAll("td").Select(td => td.TextContent).ShouldBe(["Downtown", "Riverside"]));
        grid.FindAll(".mud-table-loading").ShouldBeEmpty();
        grid.FindAll(".empty-state").ShouldBeEmpty();
    }

    [Fact]
    public void AServerPagedGridShowsItsEmptyStateOnlyWhenTheServerHasNothing()
    {
        var grid = Render<ServerGrid>(p => p.Add(c => c.Load, _ => Task.FromResult(new GridData<string> { Items = [], TotalItems = 0 })));

        grid.WaitForAssertion(() => grid.Find(".empty-state h2").TextContent.ShouldBe("No locations yet"));
        grid.FindAll(".mud-table-loading").ShouldBeEmpty();
    }

    [Fact]
    public void APageHeaderLeadsWithItsCrumbsAndAHeadingNavigationCanFocus()
    {
        var header = Render<PageHeader>(p => p.Add(c => c.Title, "Locations").Add(c => c.Crumbs, [("Merchant", "/merchant")]));

        header.Find("a[href='/merchant']").TextContent.ShouldBe("Merchant");
        var heading = header.Find("h1");
        heading.TextContent.ShouldBe("Locations");
        heading.GetAttribute("tabindex").ShouldBe("-1");
    }
}
