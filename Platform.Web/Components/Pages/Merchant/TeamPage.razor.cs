using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Web.Components.Layout;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.Merchant;

/// <summary>
/// The team: invite, change roles, remove. Each member is offered only what the team service lets them do: owners
/// everything; managers no owner role and no owners' rows; staff limited to some locations no owner role and no removing.
/// </summary>
public partial class TeamPage
{
    private readonly InviteModel _invite = new();
    private IReadOnlyList<TeamMember>? _members;
    private IReadOnlyList<Invitation>? _invitations;
    private IReadOnlyList<Location> _locations = [];
    private Result? _result;
    private bool _sending;
    private MembershipRole? _role;
    private bool _restricted;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool CanManage => _role is MembershipRole.Owner or MembershipRole.Manager;

    private IReadOnlyList<MembershipRole> RolesOffered => _role switch
    {
        MembershipRole.Owner when !_restricted => [MembershipRole.Owner, MembershipRole.Manager, MembershipRole.Staff],
        MembershipRole.Owner or MembershipRole.Manager => [MembershipRole.Manager, MembershipRole.Staff],
        _ => [],
    };

    private bool CanChange(TeamMember member) => CanManage && (_role == MembershipRole.Owner || member.Role != MembershipRole.Owner);

    private bool CanRemove(TeamMember member) => CanChange(member) && !_restricted;

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _role = MemberAccess.Role(user);
        _restricted = MemberAccess.IsLocationRestricted(user);
        _locations = await Locations.ListAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _members = await Team.MembersAsync();
        _invitations = await Team.PendingInvitationsAsync();
    }

    private async Task InviteAsync()
    {
        _sending = true;
        _result = (await Team.InviteAsync(new InviteInput(_invite.Email, _invite.Role, _invite.Locations.ToList()))).Status;
        _sending = false;
        Snackbar.Show(_result, $"Invitation sent to {_invite.Email}.");
        if (_result.Succeeded)
        {
            _invite.Email = "";
            _invite.Locations.Clear();
            await LoadAsync();
        }
    }

    private async Task ChangeRoleAsync(TeamMember member, MembershipRole role)
    {
        if (await Dialogs.AskAsync($"Make {member.DisplayName} {StatusNames.InSentence(role)}?", "Change role"))
        {
            Snackbar.Show(await Team.ChangeRoleAsync(member.MembershipId, role, member.LocationIds), "Role changed.");
            await LoadAsync();
        }
    }

    private async Task RemoveAsync(TeamMember member)
    {
        if (await Dialogs.AskAsync($"Remove {member.DisplayName} from the organization? They lose access at once.", "Remove"))
        {
            Snackbar.Show(await Team.RemoveAsync(member.MembershipId), $"{member.DisplayName} removed.");
            await LoadAsync();
        }
    }

    private async Task ResendAsync(Invitation invitation)
    {
        Snackbar.Show(await Team.ResendAsync(invitation.Id), $"Invitation resent to {invitation.Email}.");
        await LoadAsync();
    }

    private async Task RevokeAsync(Invitation invitation)
    {
        if (await Dialogs.AskAsync($"Revoke the invitation to {invitation.Email}? The link stops working.", "Revoke"))
        {
            Snackbar.Show(await Team.RevokeAsync(invitation.Id), "Invitation revoked.");
            await LoadAsync();
        }
    }

    private string LocationNames(IReadOnlyList<Guid> ids) =>
        ids.Count == 0 ? "All" : string.Join(", ", _locations.Where(l => ids.Contains(l.Id)).Select(l => l.Name));

    private void Toggle(Guid id, bool on)
    {
        if (on)
        {
            _invite.Locations.Add(id);
        }
        else
        {
            _invite.Locations.Remove(id);
        }
    }

    private sealed class InviteModel
    {
        public string Email { get; set; } = "";
        public MembershipRole Role { get; set; } = MembershipRole.Staff;
        public HashSet<Guid> Locations { get; } = [];
    }
}
