using MudBlazor;
using MudBlazor.Utilities;
using Platform.Core.Tenancy;

namespace Platform.Web.Components.Layout;

/// <summary>
/// The one theme: light and dark palettes around a primary colour, the platform's own or an organization's
/// branding. Dark mode takes a lighter shade of the primary so that text, links and chart bars on it stay readable.
/// </summary>
public static class PlatformTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    private static readonly Dictionary<string, MudTheme> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static MudTheme For(string? primaryColor)
    {
        var primary = IsColor(primaryColor) ? primaryColor! : Organization.DefaultPrimaryColor;
        lock (Cache)
        {
            if (!Cache.TryGetValue(primary, out var theme))
            {
                Cache[primary] = theme = Create(primary);
            }
            return theme;
        }
    }

    private static MudTheme Create(string primary)
    {
        var color = new MudColor(primary);
        return new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = primary,
                AppbarBackground = primary,
                Background = "#f6f7fb",
                DrawerBackground = "#ffffff",
                Secondary = "#5f6b7a",
            },
            PaletteDark = new PaletteDark
            {
                Primary = color.ColorLighten(0.25).ToString(MudColorOutputFormats.Hex),
                AppbarBackground = "#1e1f2b",
                Background = "#15161e",
                Surface = "#1e1f2b",
                DrawerBackground = "#1b1c26",
                Secondary = "#a0abb8",
                TextPrimary = "rgba(255,255,255,0.87)",
                TextSecondary = "rgba(255,255,255,0.65)",
            },
            Typography = new Typography
            {
                Default = new DefaultTypography { FontFamily = SystemFonts },
                H4 = new H4Typography { FontSize = "1.75rem", FontWeight = "600" },
                H5 = new H5Typography { FontSize = "1.35rem", FontWeight = "600" },
                H6 = new H6Typography { FontSize = "1.1rem", FontWeight = "600" },
                Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
            },
            LayoutProperties = new LayoutProperties { DrawerWidthLeft = "240px" },
        };
    }

    private static bool IsColor(string? value) =>
        value is { Length: 7 } && value[0] == '#' && value.Skip(1).All(Uri.IsHexDigit);
}
