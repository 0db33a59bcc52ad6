using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Layout;

/// <summary>One link of a portal's menu. <see cref="Exact"/> marks the portal's root, active only on itself.</summary>
public sealed record NavItem(string Text, string Href, string Icon, bool Exact = false)
{
    /// <summary>Whether the page at <paramref name="path"/> (base-relative, starting with '/') is this link's.</summary>
    public bool IsActive(string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        var bare = (end < 0 ? path : path[..end]).TrimEnd('/');
        var href = Href.TrimEnd('/');
        if (bare.Equals(href, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return !Exact && bare.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// A portal's menu as the markup <c>MudNavMenu</c> and <c>MudNavLink</c> render (same classes, the active link marked
/// with <c>active</c> and <c>aria-current="page"</c>), as one component instead of three per link (link, router link,
/// icon). Each link's markup is built once for the process, so an open page holds only references to it; the menu
/// re-renders itself when the location changes, as the router links did.
/// </summary>
public abstract class PortalNav : ComponentBase, IDisposable
{
    private static readonly ConcurrentDictionary<(NavItem Item, bool Active), MarkupString> Links = new();

    private const string Icon = "mud-icon-default mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default";

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The links this person sees, in order.</summary>
    protected abstract IEnumerable<NavItem> Items { get; }

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var path = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        builder.OpenElement(0, "nav");
        builder.AddAttribute(1, "class", "mud-navmenu mud-navmenu-primary mud-navmenu-margin-none mud-navmenu-bordered mud-border-primary");
        foreach (var item in Items)
        {
            builder.AddMarkupContent(2, Link(item, item.IsActive(path)).Value);
        }
        builder.CloseElement();
    }

    internal static MarkupString Link(NavItem item, bool active) =>
        Links.GetOrAdd((item, active), key =>
        {
            var (link, on) = key;
            var state = on ? " active\" aria-current=\"page" : "";
            return new MarkupString(
                $"<div class=\"mud-nav-item\"><a href=\"{KitMarkup.Encode(link.Href)}\" tabindex=\"0\" class=\"mud-nav-link mud-ripple{state}\">" +
                $"{KitMarkup.Icon(link.Icon, Icon)}<div class=\"mud-nav-link-text\">{KitMarkup.Encode(link.Text)}</div></a></div>");
        });

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => InvokeAsync(StateHasChanged);

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}
