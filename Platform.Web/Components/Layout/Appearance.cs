using Platform.Data.Identity;

namespace Platform.Web.Components.Layout;

/// <summary>The colour scheme chosen and whether the page shows dark now; cascaded by <see cref="KitProviders"/>.</summary>
public sealed record Appearance(ColorScheme Scheme, bool IsDark);
