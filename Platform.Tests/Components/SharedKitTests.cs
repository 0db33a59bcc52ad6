using Bunit;
using Platform.Core.Common;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Components;

public sealed class SharedKitTests : KitContext
{
    [Fact]
    public void MoneyTextFormatsWithTheCurrencyAndMarksNegativeAmounts()
    {
        Render<MoneyText>(p => p.Add(c => c.Value, new Money(1234.5m, "USD")))
            .MarkupMatches("""<span class="money">$1,234.50</span>""");
        Render<MoneyText>(p => p.Add(c => c.Value, new Money(-20m, "EUR")))
            .Find("span").ClassList.ShouldContain("negative");
    }

    [Fact]
    public void FieldErrorsShowOnlyTheMessagesForTheirField()
    {
        var result = Result.Fail("Name", "Name is required.");

        Render<FieldErrors>(p => p.Add(c => c.Result, result).Add(c => c.Field, "Name"))
            .FindAll(".field-error").Select(e => e.TextContent).ShouldBe(["Name is required."]);
        Render<FieldErrors>(p => p.Add(c => c.Result, result).Add(c => c.Field, "Email"))
            .FindAll(".field-error").ShouldBeEmpty();
        Render<FieldErrors>(p => p.Add(c => c.Result, Result.Ok).Add(c => c.Field, "Name"))
            .Markup.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void EmptyStateAnnouncesItselfWithTitleAndMessage()
    {
        var cut = Render<EmptyState>(p => p.Add(c => c.Title, "No gifts yet").Add(c => c.Message, "Give once or monthly."));

        cut.Find("[role=status] h2").TextContent.ShouldBe("No gifts yet");
        cut.Find("[role=status] p").TextContent.ShouldBe("Give once or monthly.");
    }
}
