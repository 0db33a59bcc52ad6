using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Merchant.Giving;

public partial class JourneysPage
{
    // One series in a colour that reads on the light and the dark palette.
    private static readonly BarChartOptions ChartOptions = new() { ShowLegend = false, ChartPalette = ["#4C8DF6"], YAxisFormat = "N0" };

    private const string Cell = "mud-grid-item mud-grid-item-xs-12 mud-grid-item-sm-4";
    private static readonly int[] PageSizes = [20, 50, 100];
    private static readonly RenderFragment Stalled = StatusBadge.OfText("Stalled");

    private MudDataGrid<JourneyRow>? _grid;
    private JourneyBoard? _board;
    private IReadOnlyList<Family> _families = [];
    private JourneyRow? _advancing;
    private Result? _result;
    private bool _loaded;
    private string? _timeZone;
    private List<ChartSeries<double>> _stageSeries = [];
    private string[] _stageLabels = [];

    [Inject] private OrganizationService Organizations { get; set; } = default!;

    private string StageDescription => "Gifts by journey stage: " + string.Join(", ", _board!.ByStage.Select(s => $"{s.Key.Label()} {s.Value}"));

    protected override async Task OnInitializedAsync()
    {
        _timeZone = (await Organizations.GetCurrentAsync())?.TimeZone;
        _families = await Programs.FamiliesAsync();
        await LoadBoardAsync();
    }

    private async Task LoadBoardAsync()
    {
        _board = await Journeys.BoardAsync(Options.StalledAfterDays);
        _stageLabels = _board.ByStage.Keys.Select(s => s.Label()).ToArray();
        _stageSeries = [new ChartSeries<double> { Name = "Gifts", Data = new ChartData<double>(_board.ByStage.Values.Select(v => (double)v).ToList()) }];
    }

    private async Task<GridData<JourneyRow>> LoadAsync(GridState<JourneyRow> state, CancellationToken ct)
    {
        var page = await Journeys.ActiveAsync(Options.StalledAfterDays, state.ToPageRequest(), ct);
        _loaded = true;
        return page.ToGridData();
    }

    private void Start(JourneyRow row)
    {
        _advancing = row;
        _result = null;
    }

    private async Task AdvanceAsync(AdvanceInput input)
    {
        var row = _advancing!;
        _result = await Journeys.AdvanceAsync(row.DonationId, input);
        if (_result.Succeeded)
        {
            Snackbar.Show(_result, $"{row.ReceiptNumber} is now {input.To.Label()}.");
            _advancing = null;
            await LoadBoardAsync();
            await _grid!.ReloadServerData();
        }
    }
}
