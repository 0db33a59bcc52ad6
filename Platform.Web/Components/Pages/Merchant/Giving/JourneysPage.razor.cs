using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Merchant.Giving;

public partial class JourneysPage
{
    private const string Cell = "mud-grid-item mud-grid-item-xs-12 mud-grid-item-sm-4";
    private static readonly int[] PageSizes = [20, 50, 100];
    private static readonly string MoveButton = KitMarkup.Button(Variant.Outlined, Color.Primary, Size.Small);
    private static readonly RenderFragment Stalled = StatusBadge.OfText("Stalled");

    private MudDataGrid<JourneyRow>? _grid;
    private JourneyBoard? _board;
    private IReadOnlyList<Family> _families = [];
    private JourneyRow? _advancing;
    private Result? _result;
    private bool _loaded;
    private string? _timeZone;
    private MarkupString _stageChart;

    [Inject] private OrganizationService Organizations { get; set; } = default!;

    private string StageDescription => "Gifts by journey stage: " + string.Join(", ", _board!.ByStage.Select(s => $"{s.Key.Label()} {s.Value}"));

    protected override async Task OnInitializedAsync()
    {
        _timeZone = (await Organizations.GetCurrentAsync())?.TimeZone;
        await LoadBoardAsync();
    }

    private async Task LoadBoardAsync()
    {
        _board = await Journeys.BoardAsync(Options.StalledAfterDays);
        _stageChart = BarChart.Svg([.. _board.ByStage.Select(s => (s.Key.Label(), (double)s.Value))], "220px");
    }

    private async Task<GridData<JourneyRow>> LoadAsync(GridState<JourneyRow> state, CancellationToken ct)
    {
        var page = await Journeys.ActiveAsync(Options.StalledAfterDays, state.ToPageRequest(), ct);
        _loaded = true;
        return page.ToGridData();
    }

    // The families are read when a gift is moved and let go when the form closes: the board is open all day, and
    // holding every family on it would be each open page's largest object.
    private async Task StartAsync(JourneyRow row)
    {
        if (_families.Count == 0)
        {
            _families = await Programs.FamiliesAsync();
        }
        _advancing = row;
        _result = null;
    }

    private void Close()
    {
        _advancing = null;
        _families = [];
    }

    private async Task AdvanceAsync(AdvanceInput input)
    {
        var row = _advancing!;
        _result = await Journeys.AdvanceAsync(row.DonationId, input);
        if (_result.Succeeded)
        {
            Snackbar.Show(_result, $"{row.ReceiptNumber} is now {input.To.Label()}.");
            Close();
            await LoadBoardAsync();
            await _grid!.ReloadServerData();
        }
    }
}
