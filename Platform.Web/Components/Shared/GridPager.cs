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
        if (grid is not null)
        {
            Write(builder, grid, grid.CurrentPage, grid.RowsPerPage, grid.GetFilteredItemsCount(), sizes ?? DefaultSizes,
                page => { grid.NavigateTo(page); return Task.CompletedTask; }, grid.SetRowsPerPageAsync);
        }
    };

    /// <summary>
    /// The same pager for a table its page renders itself, at page <paramref name="page"/> (from 0) of <paramref name="size"/>
    /// rows out of <paramref name="total"/>: <paramref name="toPage"/> is given the page to show, <paramref name="toSize"/> the
    /// rows per page chosen; <paramref name="receiver"/> is the component that renders again after either.
    /// </summary>
    public static RenderFragment For(IHandleEvent receiver, int page, int size, int total, IReadOnlyList<int> sizes,
        Func<int, Task> toPage, Func<int, Task> toSize) => builder =>
        Write(builder, receiver, page, size, total, sizes, to => toPage(to switch
        {
            Page.First => 0,
            Page.Previous => Math.Max(0, page - 1),
            Page.Next => Math.Min(LastPage(size, total), page + 1),
            _ => LastPage(size, total),
        }), toSize);

    private static int LastPage(int size, int total) => Math.Max(0, (total - 1) / Math.Max(1, size));

    private static void Write(RenderTreeBuilder builder, object receiver, int currentPage, int rowsPerPage, int total, IReadOnlyList<int> sizes,
        Func<Page, Task> navigate, Func<int, Task> setRowsPerPage)
    {
        var first = total == 0 ? 0 : currentPage * rowsPerPage + 1;
        var last = Math.Min(total, (currentPage + 1) * rowsPerPage);
        var atStart = currentPage == 0;
        var atEnd = (currentPage + 1) * rowsPerPage >= total;

        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-toolbar mud-toolbar-gutters mud-table-pagination-toolbar");
        builder.AddMarkupContent(2, "<div class=\"mud-table-pagination-spacer\"></div>");
        builder.OpenElement(3, "label");
        builder.AddAttribute(4, "class", "mud-typography mud-typography-body2 mud-table-pagination-caption");
        builder.AddContent(5, "Rows per page:");
        builder.OpenElement(6, "select");
        builder.AddAttribute(7, "class", "mud-table-pagination-select grid-page-size");
        builder.AddAttribute(8, "aria-label", "Rows per page");
        builder.AddAttribute(9, "value", rowsPerPage.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(10, "onchange", EventCallback.Factory.Create<ChangeEventArgs>(receiver, e =>
            int.TryParse(e.Value?.ToString(), CultureInfo.InvariantCulture, out var size) && size > 0 ? setRowsPerPage(size) : Task.CompletedTask));
        foreach (var size in sizes)
        {
            builder.OpenElement(11, "option");
            builder.AddAttribute(12, "value", size.ToString(CultureInfo.InvariantCulture));
            builder.AddAttribute(13, "selected", size == rowsPerPage);
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
            builder.AddAttribute(25, "onclick", EventCallback.Factory.Create<MouseEventArgs>(receiver, () => navigate(page)));
            builder.OpenElement(26, "span");
            builder.AddAttribute(27, "class", "mud-icon-button-label");
            builder.AddContent(28, icon);
            builder.CloseElement();
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
    }
}
