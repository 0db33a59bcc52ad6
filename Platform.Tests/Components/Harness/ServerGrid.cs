using System.Linq.Expressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Components.Harness;

/// <summary>A grid as the pages write it: server data, the loading flag held until the first page, the kit's empty state.</summary>
public sealed class ServerGrid : ComponentBase
{
    private bool _loaded;

    [Parameter, EditorRequired] public required Func<GridState<string>, Task<GridData<string>>> Load { get; set; }

    private async Task<GridData<string>> LoadAsync(GridState<string> state, CancellationToken cancellationToken)
    {
        var data = await Load(state);
        _loaded = true;
        return data;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudDataGrid<string>>(0);
        builder.AddAttribute(1, nameof(MudDataGrid<string>.ServerData), (Func<GridState<string>, CancellationToken, Task<GridData<string>>>)LoadAsync);
        builder.AddAttribute(2, nameof(MudDataGrid<string>.Loading), !_loaded);
        builder.AddAttribute(3, nameof(MudDataGrid<string>.Columns), (RenderFragment)(columns =>
        {
            columns.OpenComponent<PropertyColumn<string, string>>(0);
            columns.AddAttribute(1, nameof(PropertyColumn<string, string>.Property), (Expression<Func<string, string>>)(s => s));
            columns.CloseComponent();
        }));
        builder.AddAttribute(4, nameof(MudDataGrid<string>.NoRecordsContent), (RenderFragment)(empty =>
        {
            empty.OpenComponent<EmptyState>(0);
            empty.AddAttribute(1, nameof(EmptyState.Title), "No locations yet");
            empty.CloseComponent();
        }));
        builder.CloseComponent();
    }
}
