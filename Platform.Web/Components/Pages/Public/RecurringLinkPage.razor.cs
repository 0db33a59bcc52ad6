using Microsoft.AspNetCore.Components;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Public;

public partial class RecurringLinkPage
{
    private (Guid Id, RecurringAction Action)? _link;
    private DonorRecurringGift? _gift;
    private Result? _done;
    private RecurringAction _doneAction;
    private Result? _cardResult;

    [SupplyParameterFromQuery(Name = "token")] public string? Token { get; set; }

    // The change happens only on these forms' POST: mail scanners that open links (GET) change nothing.
    [SupplyParameterFromForm(FormName = "recurring-link")] private ConfirmForm? Form { get; set; }
    // The card form is the kit's, whose fields post under its own parameter's name.
    [SupplyParameterFromForm(FormName = CardUpdateForm.FormNameStatic, Name = "Model")] private CardUpdateForm.CardModel? Card { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Form ??= new ConfirmForm();
        Card ??= new CardUpdateForm.CardModel();
        _link = Tokens.Read(Token);
        if (_link is { } link)
        {
            _gift = await Recurring.DescribeAsync(link.Id);
        }
    }

    private async Task ConfirmAsync()
    {
        var (id, action) = _link!.Value;
        _doneAction = action;
        _done = await Recurring.ManageAsync(id, action, donor: null);
        _gift = await Recurring.DescribeAsync(id);
    }

    private async Task ChangeCardAsync()
    {
        var id = _link!.Value.Id;
        _cardResult = await Recurring.ChangeCardAsync(id, Card!.ToCard(), donor: null, resume: true);
        if (_cardResult.Succeeded)
        {
            (_doneAction, _done) = (RecurringAction.Resume, _cardResult);
            _gift = await Recurring.DescribeAsync(id);
        }
    }

    private static string Next(DonorRecurringGift gift) =>
        gift.Status == RecurringStatus.Active ? $"; next charge on {gift.NextCharge:d MMMM yyyy}" : "";

    private static string CannotApply(RecurringAction action, DonorRecurringGift gift) => gift.Status switch
    {
        RecurringStatus.Cancelled => $"Your monthly gift of {gift.Amount.Format()} to {gift.CharityName} ({gift.ProgramName}) was cancelled, so it cannot be {Past(action)} and nothing more is charged.",
        RecurringStatus.Suspended => $"The card ending {gift.CardLast4} was declined{(gift.LastFailure is null ? "" : $" ({gift.LastFailure})")}, so your monthly gift of {gift.Amount.Format()} to {gift.CharityName} is on hold and cannot be {Past(action)}. Nothing is charged until you update the card and resume it.",
        RecurringStatus.Paused => $"Your monthly gift of {gift.Amount.Format()} to {gift.CharityName} is already paused, so it cannot be {Past(action)}. Nothing is charged until you resume it.",
        _ => $"Your monthly gift of {gift.Amount.Format()} to {gift.CharityName} is already active{Next(gift)}.",
    };

    private static string Question(RecurringAction action) => action switch
    {
        RecurringAction.Pause => "Pause your monthly gift?",
        RecurringAction.Skip => "Skip next month?",
        RecurringAction.Cancel => "Cancel your monthly gift?",
        _ => "Resume your monthly gift?",
    };

    private static string Confirm(RecurringAction action) => action switch
    {
        RecurringAction.Pause => "Pause it",
        RecurringAction.Skip => "Skip next month",
        RecurringAction.Cancel => "Cancel it",
        _ => "Resume it",
    };

    private static string Done(RecurringAction action) => action switch
    {
        RecurringAction.Pause => "Paused",
        RecurringAction.Skip => "Next month skipped",
        RecurringAction.Cancel => "Cancelled",
        _ => "Resumed",
    };

    private static string Past(RecurringAction action) => action switch
    {
        RecurringAction.Pause => "paused",
        RecurringAction.Skip => "skipped",
        RecurringAction.Cancel => "cancelled",
        _ => "resumed",
    };

    private sealed class ConfirmForm
    {
        public string? Confirmed { get; set; } = "yes";
    }
}
