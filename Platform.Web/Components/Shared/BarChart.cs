using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace Platform.Web.Components.Shared;

/// <summary>
/// One series of bars as a static SVG, drawn as MudChart's bar chart is (horizontal grid lines with their values, a label
/// under each bar) in a wider view box that fills a card's width, and written once per change of its figures. A MudChart is a few
/// components holding its lines, values and bars as objects, on pages (a charity's dashboard, the journeys board) that
/// stay open all day; this is one string. The chart says nothing to a screen reader: give its container a description.
/// </summary>
public static class BarChart
{
    /// <summary>A mid-tone blue that reads on the light surface and on the dark one.</summary>
    public const string Colour = "#4C8DF6";

    private const double Left = 56, Right = 884, Top = 12, Bottom = 206, Width = 900, Height = 240;
    private const int GridLines = 5;

    public static MarkupString Svg(IReadOnlyList<(string Label, double Value)> bars, string height, string format = "N0")
    {
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var step = NiceStep(max / GridLines);
        var top = Math.Max(1, Math.Ceiling(max / step)) * step;
        double Y(double value) => Bottom - value / top * (Bottom - Top);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"mud-chart-bar-static\" width=\"100%\" height=\"{Escape(height)}\" viewBox=\"0 0 {Width} {Height}\" aria-hidden=\"true\" focusable=\"false\">");
        svg.Append("<g class=\"mud-charts-gridlines-yaxis\">");
        for (var value = 0d; value <= top + step / 2; value += step)
        {
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<path stroke=\"var(--mud-palette-lines-default)\" stroke-width=\"0.5\" d=\"M {Left} {y:0.##} L {Right} {y:0.##}\"></path>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left - 10}\" y=\"{y + 4:0.##}\" font-size=\"12px\" text-anchor=\"end\" fill=\"currentColor\">{Escape(value.ToString(format, CultureInfo.CurrentCulture))}</text>");
        }
        svg.Append("</g><g class=\"mud-charts-bar-series\">");
        var band = bars.Count == 0 ? 0 : (Right - Left) / bars.Count;
        var barWidth = Math.Min(band * 0.5, 48);
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var middle = Left + band * (i + 0.5);
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{middle - barWidth / 2:0.##}\" y=\"{y:0.##}\" width=\"{barWidth:0.##}\" height=\"{Bottom - y:0.##}\" fill=\"{Colour}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(label)}: {Escape(value.ToString(format, CultureInfo.CurrentCulture))}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{middle:0.##}\" y=\"{Bottom + 22}\" font-size=\"12px\" text-anchor=\"middle\" fill=\"currentColor\">{Escape(label)}</text>");
        }
        svg.Append("</g></svg>");
        return new MarkupString(svg.ToString());
    }

    /// <summary>
    /// 1, 2 or 5 times a power of ten, at least <paramref name="rough"/> and at least 1 (the figures are counts and amounts):
    /// grid lines at round values.
    /// </summary>
    internal static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough) || double.IsInfinity(rough))
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1d, 2d, 5d, 10d }.Select(f => f * power).First(s => s >= rough);
        return Math.Max(1, step);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
