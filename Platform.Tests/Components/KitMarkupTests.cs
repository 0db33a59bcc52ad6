using Bunit;
using MudBlazor;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Components;

/// <summary>
/// Markup written in place of MudBlazor's smallest components (buttons on list rows, a page's crumbs) is the markup those
/// components write, so it looks and behaves the same in both colour schemes while each open page keeps fewer components.
/// </summary>
public sealed class KitMarkupTests : KitContext
{
    [Theory]
    [InlineData(Variant.Outlined, Color.Primary, Size.Small)]
    [InlineData(Variant.Outlined, Color.Warning, Size.Small)]
    [InlineData(Variant.Text, Color.Default, Size.Small)]
    [InlineData(Variant.Outlined, Color.Default, Size.Medium)]
    [InlineData(Variant.Text, Color.Primary, Size.Medium)]
    [InlineData(Variant.Text, Color.Inherit, Size.Medium)]
    public void AButtonsClassesAreTheOnesMudButtonWrites(Variant variant, Color color, Size size)
    {
        var theirs = Render<MudButton>(p => p.Add(b => b.Variant, variant).Add(b => b.Color, color).Add(b => b.Size, size));

        KitMarkup.Button(variant, color, size).Split(' ').Order().ShouldBe(theirs.Find("button").ClassList.Order());
    }

    [Fact]
    public void APageHeadersCrumbsAreTheMarkupMudBreadcrumbsWrites()
    {
        var ours = Render<PageHeader>(p => p.Add(h => h.Title, "Audit log").Add(h => h.Crumbs, [("Admin", "/admin"), ("Jobs", "/admin/jobs")]));
        var theirs = Render<MudBreadcrumbs>(p => p.Add(b => b.Class, "px-0 py-1").Add(b => b.Items,
            [new BreadcrumbItem("Admin", "/admin"), new BreadcrumbItem("Jobs", "/admin/jobs"), new BreadcrumbItem("Audit log", href: null, disabled: true)]));

        ours.Find("nav[aria-label='Breadcrumb']").OuterHtml.MarkupMatches(theirs.Markup);
        ours.FindComponents<Microsoft.AspNetCore.Components.IComponent>().Count.ShouldBeLessThanOrEqualTo(1);
    }
}
