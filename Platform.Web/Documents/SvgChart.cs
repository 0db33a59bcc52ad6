using System.Globalization;
using System.Net;
using System.Text;
using Platform.Core.Reports;

namespace Platform.Web.Documents;

/// <summary>
/// Bar charts as inline SVG, so printed documents need no script: columns for a series over time (the days of a month),
/// horizontal bars for categories (programs, plans). Labels are HTML-encoded; the colour is a validated #rrggbb.
/// </summary>
public static class SvgChart
{
    private const double Row = 22, LabelWidth = 170, ValueWidth = 90, Top = 14, Bottom = 18, Left = 4;

    public static string Columns(IReadOnlyList<ChartPoint> points, string title, string accent, int width, int height, Func<decimal, string> format)
    {
        var max = points.Max(p => p.Value);
        var plot = height - Top - Bottom;
        var step = (width - Left) / points.Count;
        var svg = Open(title, width, height);
        svg.Append($"<line x1=\"{N(Left)}\" y1=\"{N(Top + plot)}\" x2=\"{width}\" y2=\"{N(Top + plot)}\" stroke=\"#999\" stroke-width=\"0.5\"/>");
        svg.Append($"<text x=\"{N(Left)}\" y=\"10\" font-size=\"9\" fill=\"#666\">max {E(format(max))}</text>");
        for (var i = 0; i < points.Count; i++)
        {
            var h = max <= 0m ? 0d : (double)(points[i].Value / max) * plot;
            var x = Left + i * step;
            svg.Append($"<rect x=\"{N(x + step * 0.15)}\" y=\"{N(Top + plot - h)}\" width=\"{N(step * 0.7)}\" height=\"{N(h)}\" fill=\"{accent}\">")
                .Append($"<title>{E(points[i].Label)}: {E(format(points[i].Value))}</title></rect>");
            if (i == 0 || (i + 1) % 5 == 0 || i == points.Count - 1)
            {
                svg.Append($"<text x=\"{N(x + step / 2)}\" y=\"{N(height - 5)}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#555\">{E(points[i].Label)}</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    public static string Bars(IReadOnlyList<ChartPoint> points, string title, string accent, int width, Func<decimal, string> format)
    {
        var max = points.Max(p => p.Value);
        var height = (int)(points.Count * Row + 4);
        var svg = Open(title, width, height);
        for (var i = 0; i < points.Count; i++)
        {
            var y = i * Row + 2;
            var length = max <= 0m ? 0d : (double)(points[i].Value / max) * (width - LabelWidth - ValueWidth);
            svg.Append($"<text x=\"{N(LabelWidth - 6)}\" y=\"{N(y + Row * 0.68)}\" text-anchor=\"end\" font-size=\"10\">{E(Shorten(points[i].Label))}</text>")
                .Append($"<rect x=\"{N(LabelWidth)}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(length, 1))}\" height=\"{N(Row - 6)}\" fill=\"{accent}\"/>")
                .Append($"<text x=\"{N(LabelWidth + length + 4)}\" y=\"{N(y + Row * 0.68)}\" font-size=\"10\">{E(format(points[i].Value))}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, int width, int height) => new StringBuilder()
        .Append($"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ")
        .Append($"xmlns=\"http://www.w3.org/2000/svg\"><title>{E(title)}</title>");

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Shorten(string label) => label.Length <= 28 ? label : label[..27] + "…";
}
