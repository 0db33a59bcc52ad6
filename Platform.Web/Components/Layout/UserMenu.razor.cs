using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Platform.Core.Access;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Layout;

public partial class UserMenu
{
    private static readonly MarkupString AccountIcon = KitMarkup.Icon(Icons.Material.Filled.AccountCircle);
    private static readonly string ButtonClasses = KitMarkup.Button(Variant.Text, Color.Inherit);

    private ClaimsPrincipal? _user;
    private MudMenu? _menu;
    private ElementReference _button;
    private bool _menuCreated;
    private bool _openOnRender;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    // The cascading state is a new task whenever sign-in changes, as AuthorizeView would see it.
    protected override async Task OnParametersSetAsync() =>
        _user = AuthenticationState is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await AuthenticationState).User;

    private void OpenAsync()
    {
        _menuCreated = true;
        _openOnRender = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_openOnRender && _menu is not null)
        {
            _openOnRender = false;
            await _menu.OpenMenuAsync(EventArgs.Empty);
            // The button the person pressed was the markup one; the menu's own takes its place and the focus with it.
            await _button.FocusAsync();
        }
    }

    /// <summary>The menu's button, as MudMenu's MudButton renders it (text, inherit colour, the account icon).</summary>
    private RenderFragment Activator(string? name, Action? onClick) => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", ButtonClasses);
        builder.AddAttribute(3, "aria-label", "Account menu");
        builder.AddAttribute(4, "aria-haspopup", "menu");
        if (onClick is not null)
        {
            builder.AddAttribute(5, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, onClick));
        }
        builder.AddElementReferenceCapture(6, reference => _button = reference);
        builder.OpenElement(7, "span");
        builder.AddAttribute(8, "class", "mud-button-label");
        builder.OpenElement(9, "span");
        builder.AddAttribute(10, "class", "mud-button-icon-start mud-button-icon-size-medium");
        builder.AddContent(11, AccountIcon);
        builder.CloseElement();
        builder.AddContent(12, name);
        builder.CloseElement();
        builder.CloseElement();
    };

    private static IEnumerable<(string Text, string Href, string Icon)> Links(ClaimsPrincipal user)
    {
        yield return ("Donor portal", "/donor", Icons.Material.Filled.VolunteerActivism);
        yield return ("Creator portal", "/creator", Icons.Material.Filled.ShowChart);
        if (user.HasClaim(c => c.Type == PlatformClaims.OrganizationId))
        {
            yield return ("Merchant portal", "/merchant", Icons.Material.Filled.Storefront);
        }
        else
        {
            yield return ("Start a business or charity", "/start", Icons.Material.Filled.AddBusiness);
        }
        if (PlatformRoles.All.Any(user.IsInRole))
        {
            yield return ("Admin portal", "/admin", Icons.Material.Filled.AdminPanelSettings);
        }
        yield return ("Two-factor authentication", "/Account/Manage/TwoFactor", Icons.Material.Filled.Security);
        yield return ("Passkeys", "/Account/Manage/Passkeys", Icons.Material.Filled.Key);
    }
}
