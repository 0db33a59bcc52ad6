using MudBlazor;
using Platform.Core.Common;

namespace Platform.Web.Components.Shared;

/// <summary>Between a server-paged <see cref="MudDataGrid{T}"/> and the services' <see cref="Page{T}"/>.</summary>
public static class GridPaging
{
    public static PageRequest ToPageRequest<T>(this GridState<T> state) => new(state.Page * state.PageSize, state.PageSize);

    public static GridData<T> ToGridData<T>(this Page<T> page) => new() { Items = page.Items, TotalItems = page.Total };

    /// <summary>The column the grid sorts by, and whether descending; null when it is not sorted.</summary>
    public static (string Column, bool Descending)? Sort<T>(this GridState<T> state) =>
        state.SortDefinitions.FirstOrDefault() is { } sort ? (sort.SortBy, sort.Descending) : null;
}
