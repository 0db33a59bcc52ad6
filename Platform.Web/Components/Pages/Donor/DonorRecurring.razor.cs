using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Donor;

public partial class DonorRecurring
{
    private IReadOnlyList<DonorRecurringGift>? _gifts;
    private DonorRef _donor = new(Guid.Empty, "");
    private Guid? _editing;
    private AmountModel _amount = new();
    private Result? _amountResult;
    private Dictionary<Guid, List<RecurringAttempt>> _attempts = [];
    private Guid? _cardFor;
    private CardUpdateForm.CardModel _card = new();
    private Result? _cardResult;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var (userId, email) = DonorIdentity.Of((await Authentication).User);
        _donor = new DonorRef(userId, email);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _gifts = await Recurring.DonorGiftsAsync(_donor);
        _attempts = (await Recurring.AttemptsAsync(_donor)).GroupBy(a => a.RecurringGiftId).ToDictionary(g => g.Key, g => g.ToList());
    }

    private async Task SaveCardAsync(DonorRecurringGift gift)
    {
        var resume = gift.Status is RecurringStatus.Suspended or RecurringStatus.Paused;
        _cardResult = await Recurring.ChangeCardAsync(gift.Id, _card.ToCard(), _donor, resume);
        if (_cardResult.Succeeded)
        {
            Snackbar.Show(_cardResult, resume ? "Card saved and gift resumed" : "Card saved");
            _cardFor = null;
            await LoadAsync();
        }
    }

    private async Task ManageAsync(DonorRecurringGift gift, RecurringAction action)
    {
        if (action == RecurringAction.Cancel
            && !await Dialogs.AskAsync($"Cancel your monthly gift of {gift.Amount.Format()} to {gift.CharityName}? This cannot be undone.", "Cancel gift"))
        {
            return;
        }
        Snackbar.Show(await Recurring.ManageAsync(gift.Id, action, _donor), action switch
        {
            RecurringAction.Pause => "Paused",
            RecurringAction.Resume => "Resumed",
            RecurringAction.Skip => "Next month skipped",
            _ => "Cancelled",
        });
        await LoadAsync();
    }

    private async Task SaveAmountAsync(DonorRecurringGift gift)
    {
        _amountResult = await Recurring.ChangeAmountAsync(gift.Id, _amount.Amount, _donor);
        if (_amountResult.Succeeded)
        {
            Snackbar.Show(_amountResult, $"From next month: {new Money(_amount.Amount, gift.Amount.Currency).Format()}");
            _editing = null;
            await LoadAsync();
        }
    }

    /// <summary>The new amount, on a model of its own so the service's message shows under the field.</summary>
    private sealed class AmountModel
    {
        public decimal Amount { get; set; }
    }
}
