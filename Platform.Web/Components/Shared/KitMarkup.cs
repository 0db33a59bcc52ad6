using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Platform.Web.Components.Shared;

/// <summary>
/// The markup MudBlazor's smallest components produce (an icon, a link button), written once and shared. Every open
/// page keeps each component's render tree (two arrays of frames and its parameter state, some 5 KB a component), so
/// parts of the layout that never change are cheaper as markup; the strings here are built once for the whole
/// process, not once per circuit.
/// </summary>
public static class KitMarkup
{
    private static readonly ConcurrentDictionary<(string Icon, string Classes), MarkupString> Icons = new();

    /// <summary>What <c>MudIcon</c> renders for an <c>Icons.Material.*</c> path: an SVG hidden from screen readers.</summary>
    public static MarkupString Icon(string icon, string classes = "mud-icon-size-medium") =>
        Icons.GetOrAdd((icon, classes), key => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon {key.Classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{key.Icon}</svg>"));

    private static readonly ConcurrentDictionary<(Variant Variant, Color Color, Size Size), string> Buttons = new();

    /// <summary>
    /// The classes <c>MudButton</c> gives a button of this variant, colour and size, for a plain <c>button</c> or <c>a</c>
    /// with its label in <c>span.mud-button-label</c>: rows of buttons on pages that stay open (three components each).
    /// </summary>
    public static string Button(Variant variant, Color color = Color.Default, Size size = Size.Medium) =>
        Buttons.GetOrAdd((variant, color, size), key =>
        {
            var v = Lower(key.Variant);
            return $"mud-button-root mud-button mud-button-{v} mud-button-{v}-{Lower(key.Color)} mud-button-{v}-size-{Lower(key.Size)} mud-ripple";
        });

    private static string Lower(Enum value) => value.ToString().ToLowerInvariant();

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
