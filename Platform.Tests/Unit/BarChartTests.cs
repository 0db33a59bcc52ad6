using System.Globalization;
using System.Xml.Linq;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Unit;

/// <summary>The static bar chart: a bar per figure, in proportion, over grid lines at round values, its text escaped.</summary>
public sealed class BarChartTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.3, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    [InlineData(24, 50)]
    [InlineData(180, 200)]
    [InlineData(2_001, 5_000)]
    public void GridLinesFallOnOneTwoOrFiveTimesAPowerOfTen(double rough, double step) =>
        BarChart.NiceStep(rough).ShouldBe(step);

    [Fact]
    public void EachFigureIsABarAsTallAsItsShareOfTheTopGridLine()
    {
        var svg = Parse(BarChart.Svg([("Received", 40), ("Allocated", 10), ("Delivered", 0)], "220px"));

        var bars = svg.Descendants("rect").ToList();
        bars.Select(b => b.Element("title")!.Value).ShouldBe(["Received: 40", "Allocated: 10", "Delivered: 0"]);
        var heights = bars.Select(b => double.Parse(b.Attribute("height")!.Value, CultureInfo.InvariantCulture)).ToList();
        heights[0].ShouldBe(heights[1] * 4, tolerance: 0.05);
        heights[2].ShouldBe(0);
        // 40 over five lines is a step of 10: lines at 0, 10, ..., 40, the tallest bar reaching the top one.
        svg.Descendants("g").First(g => g.Attribute("class")?.Value == "mud-charts-gridlines-yaxis").Elements("text")
            .Select(t => t.Value).ShouldBe(["0", "10", "20", "30", "40"]);
        svg.Descendants("g").Last().Elements("text").Select(t => t.Value).ShouldBe(["Received", "Allocated", "Delivered"]);
        svg.Attribute("aria-hidden")!.Value.ShouldBe("true");
    }

    [Fact]
    public void NoFiguresOrOnlyZerosDrawTheAxisWithoutFailing()
    {
        Parse(BarChart.Svg([], "220px")).Descendants("rect").ShouldBeEmpty();
        var zeros = Parse(BarChart.Svg([("Jan", 0), ("Feb", 0)], "240px"));
        zeros.Descendants("rect").Select(r => r.Attribute("height")!.Value).ShouldBe(["0", "0"]);
    }

    [Fact]
    public void LabelsAreTextNotMarkup()
    {
        var svg = BarChart.Svg([("<b>Kits & more</b>", 3)], "220px").Value;

        svg.ShouldNotContain("<b>");
        Parse(new(svg)).Descendants("title").Single().Value.ShouldBe("<b>Kits & more</b>: 3");
    }

    private static XElement Parse(Microsoft.AspNetCore.Components.MarkupString markup) => XElement.Parse(markup.Value);
}
