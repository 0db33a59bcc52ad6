using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Giving;

namespace Platform.Web.Components.Pages.Public;

public partial class GivePage
{
    private readonly GiveForm _form = new();
    private ProgramCard? _program;
    private Result? _result;
    private bool _loaded;
    private bool _busy;
    private bool _signedIn;
    private Guid? _userId;

    // One key per attempt: a double click or a retried request finds the same gift.
    private string _key = Guid.NewGuid().ToString();

    [Parameter] public Guid ProgramId { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private Money Gift => new(_form.Amount ?? 0m, _program?.Goal.Currency ?? "USD");
    private Money Fee => Gifts.FeeFor(Gift);
    private Money Total => _form.CoverFee ? Gift + Fee : Gift;

    protected override async Task OnInitializedAsync()
    {
        _program = await Giving.ProgramAsync(ProgramId);
        _loaded = true;
        var user = (await AuthenticationState).User;
        if (user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            _signedIn = true;
            _userId = id;
            _form.Email = user.Identity.Name ?? "";
            _form.Name = user.FindFirstValue(PlatformClaims.DisplayName) ?? "";
        }
    }

    private async Task GiveAsync()
    {
        _busy = true;
        var milestones = new List<JourneyStage>();
        if (_form.EmailWhenAllocated) milestones.Add(JourneyStage.Allocated);
        if (_form.EmailWhenDelivered) milestones.Add(JourneyStage.Delivered);
        var outcome = await Gifts.GiveAsync(new GiveRequest(ProgramId, _form.Amount ?? 0m,
            new Platform.Core.Payments.CardDetails(_form.CardNumber, _form.ExpiryMonth ?? 0, _form.ExpiryYear ?? 0, _form.Cvc),
            new GiftDetails(_form.Email, _form.Name, _form.PostalAddress, _form.CoverFee, _form.Anonymous, _form.Dedication, _userId),
            _key, milestones.ToArray(), _form.Monthly));
        _busy = false;
        if (!outcome.Succeeded)
        {
            _result = outcome.Status;
            return;
        }
        if (outcome.Value!.Status == DonationStatus.Failed)
        {
            _result = Result.Fail("CardNumber", outcome.Value.Message ?? "The payment could not be completed.");
            _key = Guid.NewGuid().ToString(); // a new attempt with another card
            return;
        }
        Navigation.NavigateTo($"/give/thanks/{outcome.Value.DonationId}?key={Uri.EscapeDataString(_key)}");
    }

    private sealed class GiveForm
    {
        public decimal? Amount { get; set; } = 25m;
        public bool CoverFee { get; set; }
        public bool Monthly { get; set; }
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string? PostalAddress { get; set; }
        public string? Dedication { get; set; }
        public bool Anonymous { get; set; }
        public bool EmailWhenAllocated { get; set; } = true;
        public bool EmailWhenDelivered { get; set; } = true;
        public string CardNumber { get; set; } = "";
        public int? ExpiryMonth { get; set; }
        public int? ExpiryYear { get; set; }
        public string Cvc { get; set; } = "";
    }
}
