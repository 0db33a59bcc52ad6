using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Platform.Web.Components.Shared;

/// <summary>
/// The pager MudDataGridPager renders (rows per page, "1-10 of 37", first, previous, next and last page), written into
/// the grid's own render tree: as components it is some thirty (a MudSelect keeps a hidden item per page size, each icon
/// button is three), which every open page with a grid keeps. The buttons have MudIconButton's markup; the page size is
/// a native select, styled as the pager's. Use it inside the grid: <c>&lt;PagerContent&gt;@GridPager.For(_grid)&lt;/PagerContent&gt;</c>.
/// </summary>
public static class GridPager
{
    private static readonly int[] DefaultSizes = [10, 25, 50, 100];

    private static readonly (Page Page, string Label, MarkupString Icon)[] Buttons =
    [
        (Page.First, "First page", KitMarkup.Icon(Icons.Material.Filled.FirstPage)),
        (Page.Previous, "Previous page", KitMarkup.Icon(Icons.Material.Filled.NavigateBefore)),
        (Page.Next, "Next page", KitMarkup.Icon(Icons.Material.Filled.NavigateNext)),
        (Page.Last, "Last page", KitMarkup.Icon(Icons.Material.Filled.LastPage)),
    ];

    /// <summary>The pager of <paramref name="grid"/>; nothing until the grid exists (its first render).</summary>
    public static RenderFragment For<T>(MudDataGrid<T>? grid, IReadOnlyList<int>? sizes = null) => builder =>
    {
        if (grid is null)
        {
            return;
        }
        var total = grid.GetFilteredItemsCount();
        var first = total == 0 ? 0 : grid.CurrentPage * grid.RowsPerPage + 1;
        var last = Math.Min(total, (grid.CurrentPage + 1) * grid.RowsPerPage);
        var atStart = grid.CurrentPage == 0;
        var atEnd = (grid.CurrentPage + 1) * grid.RowsPerPage >= total;

        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-toolbar mud-toolbar-gutters mud-table-pagination-toolbar");
        builder.AddMarkupContent(2, "<div class=\"mud-table-pagination-spacer\"></div>");
        builder.OpenElement(3, "label");
        builder.AddAttribute(4, "class", "mud-typography mud-typography-body2 mud-table-pagination-caption");
        builder.AddContent(5, "Rows per page:");
        builder.OpenElement(6, "select");
        builder.AddAttribute(7, "class", "mud-table-pagination-select grid-page-size");
        builder.AddAttribute(8, "aria-label", "Rows per page");
        builder.AddAttribute(9, "value", grid.RowsPerPage.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(10, "onchange", EventCallback.Factory.Create<ChangeEventArgs>(grid, e =>
            int.TryParse(e.Value?.ToString(), CultureInfo.InvariantCulture, out var size) && size > 0 ? grid.SetRowsPerPageAsync(size) : Task.CompletedTask));
        foreach (var size in sizes ?? DefaultSizes)
        {
            builder.OpenElement(11, "option");
            builder.AddAttribute(12, "value", size.ToString(CultureInfo.InvariantCulture));
            builder.AddAttribute(13, "selected", size == grid.RowsPerPage);
            builder.AddContent(14, size.ToString(CultureInfo.InvariantCulture));
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenElement(15, "p");
        builder.AddAttribute(16, "class", "mud-typography mud-typography-body2 mud-table-pagination-caption");
        builder.AddContent(17, $"{first}-{last} of {total}");
        builder.CloseElement();
        builder.OpenElement(18, "div");
        builder.AddAttribute(19, "class", "mud-table-pagination-actions");
        foreach (var (page, label, icon) in Buttons)
        {
            var disabled = page is Page.First or Page.Previous ? atStart : atEnd;
            builder.OpenElement(20, "button");
            builder.SetKey(page);
            builder.AddAttribute(21, "type", "button");
            builder.AddAttribute(22, "class", "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-flip-x-rtl");
            builder.AddAttribute(23, "aria-label", label);
            builder.AddAttribute(24, "disabled", disabled);
            builder.AddAttribute(25, "onclick", EventCallback.Factory.Create<MouseEventArgs>(grid, () => grid.NavigateTo(page)));
            builder.OpenElement(26, "span");
            builder.AddAttribute(27, "class", "mud-icon-button-label");
            builder.AddContent(28, icon);
            builder.CloseElement();
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
    };
}
