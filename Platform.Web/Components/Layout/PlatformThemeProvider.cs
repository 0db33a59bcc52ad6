using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace Platform.Web.Components.Layout;

/// <summary>
/// MudThemeProvider, with the style sheet it writes shared by every page that has the same theme and mode.
/// MudBlazor builds the theme's CSS (some 12,000 characters) as a new string on each render, and every open page
/// kept it twice, once in its current render tree and once in the last; here it is built once per theme and mode
/// for the process. If the provider ever renders more than markup, it renders as it does itself.
/// </summary>
public sealed class PlatformThemeProvider : MudThemeProvider
{
    private static readonly ConditionalWeakTable<MudTheme, string?[]> Styles = new();

    // MudBlazor keeps its parameters' values in its own state; the mode the style is for is what the layout passed.
    private bool _dark;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (parameters.TryGetValue<bool>(nameof(IsDarkMode), out var dark))
        {
            _dark = dark;
        }
        return base.SetParametersAsync(parameters);
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var css = Theme is { } theme ? StyleOf(theme) : null;
        if (css is null)
        {
            base.BuildRenderTree(builder);
            return;
        }
        builder.AddMarkupContent(0, css);
    }

    private string? StyleOf(MudTheme theme)
    {
        var styles = Styles.GetValue(theme, _ => new string?[4]);
        var slot = (_dark ? 1 : 0) + (DefaultScrollbar ? 2 : 0);
        return styles[slot] ??= Capture();
    }

    // The frames read are this component's own, built just now, to copy its markup; nothing of the framework's is kept.
#pragma warning disable BL0006
    /// <summary>What the provider itself renders, as one piece of markup; null if it is anything but markup and text.</summary>
    private string? Capture()
    {
        using var builder = new RenderTreeBuilder();
        base.BuildRenderTree(builder);
        var frames = builder.GetFrames();
        var css = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames.Array[i];
            switch (frame.FrameType)
            {
                case RenderTreeFrameType.Markup:
                    css.Append(frame.MarkupContent);
                    break;
                case RenderTreeFrameType.Text:
                    css.Append(HtmlEncoder.Default.Encode(frame.TextContent));
                    break;
                default:
                    return null;
            }
        }
        return css.ToString();
    }
#pragma warning restore BL0006
}
