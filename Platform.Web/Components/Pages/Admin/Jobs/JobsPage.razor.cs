using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Web.Components.Shared;
using Platform.Web.Jobs;

namespace Platform.Web.Components.Pages.Admin.Jobs;

public partial class JobsPage
{
    private static readonly string TriggerButton = KitMarkup.Button(Variant.Outlined, Color.Primary, Size.Small);
    private static readonly string ResumeButton = KitMarkup.Button(Variant.Outlined, Color.Success, Size.Small);
    private static readonly string PauseButton = KitMarkup.Button(Variant.Outlined, Color.Warning, Size.Small);
    private static readonly string TextButton = KitMarkup.Button(Variant.Text, Color.Default, Size.Small);
    private static readonly MarkupString HistoryIcon = KitMarkup.Icon(Icons.Material.Filled.History);
    private static readonly MarkupString OpenIcon = KitMarkup.Icon(Icons.Material.Filled.OpenInNew);
    private static readonly MarkupString PlayIcon = KitMarkup.Icon(Icons.Material.Filled.PlayArrow, "mud-icon-size-small");

    private IReadOnlyList<RecurringJob> _jobs = [];
    private bool _isAdmin;
    private IReadOnlyList<NodeView> _nodes = [];
    private bool _loaded;
    private RecurringJob? _scheduleFor;
    private string? _cron;
    private string? _timeZone;
    private Result? _scheduleResult;
    private RecurringJob? _triggerFor;
    private Dictionary<string, string?> _parameters = [];
    private Result? _triggerResult;

    // Runs started from this page, followed until they end and the person closes them.
    private readonly List<(string Key, DateTimeOffset Since)> _started = [];

    [Inject] private JobDashboard Jobs { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Support staff read the jobs; only platform admins act on them (the services refuse anyone else as well).
        _isAdmin = AuthenticationState is not null && (await AuthenticationState).User.IsInRole(PlatformRoles.PlatformAdmin);
        await RefreshAsync();
    }

    protected override async Task RefreshAsync()
    {
        _jobs = await Jobs.RecurringAsync();
        _nodes = await Jobs.NodesAsync();
        _loaded = true;
    }

    private static string? ErrorOf(Result? result, string field) =>
        result is { Succeeded: false } && result.Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void OpenSchedule(RecurringJob job) => (_scheduleFor, _cron, _timeZone, _scheduleResult, _triggerFor) = (job, job.Cron, job.TimeZone, null, null);

    private void OpenTrigger(RecurringJob job) => (_triggerFor, _parameters, _triggerResult, _scheduleFor) = (job, [], null, null);

    private async Task SaveScheduleAsync()
    {
        _scheduleResult = await Jobs.RescheduleAsync(_scheduleFor!.Definition.Key, _cron ?? "", _timeZone);
        if (_scheduleResult.Succeeded)
        {
            Snackbar.Show(_scheduleResult, $"{_scheduleFor.Definition.Name}: {CronText.Describe(_cron!)}");
            _scheduleFor = null;
            await RefreshAsync();
        }
    }

    private async Task TriggerAsync()
    {
        var asked = Clock.GetUtcNow();
        _triggerResult = await Jobs.TriggerAsync(_triggerFor!.Definition.Key, _parameters);
        if (_triggerResult.Succeeded)
        {
            _started.RemoveAll(s => s.Key == _triggerFor.Definition.Key);
            _started.Insert(0, (_triggerFor.Definition.Key, asked));
            _triggerFor = null;
            await RefreshAsync();
        }
    }

    private async Task PauseAsync(RecurringJob job)
    {
        if (!await Dialogs.AskAsync($"Pause {job.Definition.Name}? It will not run on its schedule until resumed.", "Pause"))
        {
            return;
        }
        Snackbar.Show(await Jobs.PauseAsync(job.Definition.Key, "Paused from the dashboard"), $"{job.Definition.Name} paused");
        await RefreshAsync();
    }

    private async Task ResumeAsync(RecurringJob job)
    {
        Snackbar.Show(await Jobs.ResumeAsync(job.Definition.Key), $"{job.Definition.Name} resumed");
        await RefreshAsync();
    }
}
