using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Html;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace ReferralTraining.Web.Infrastructure.Charts;

/// <summary>One series of a bar chart: a name for the legend, its fill, one value per category.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>
/// Report charts drawn by OxyPlot on the server as SVG and placed in the page (ADR-022): no script, and the SVG's
/// inline style attributes are rewritten as presentation attributes, so the page's CSP (style-src 'self') holds.
/// Every chart is labeled by its heading and is a picture of a table printed beside it; color is never the only cue.
/// </summary>
public static class SvgChart
{
    public const string Completed = "#1d6b35";
    public const string InProgress = "#0b5cad";
    public const string NotStarted = "#5d6975";
    public const string Overdue = "#b3261e";

    private const int Width = 720;

    /// <summary>Horizontal bars, one row per category; several series are stacked. Values are counts.</summary>
    public static HtmlString Bars(string id, string labelledBy, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string valueAxisTitle)
    {
        var model = NewModel();
        // OxyPlot draws the first category at the bottom; reversed, the chart reads top-down like its table.
        model.Axes.Add(new CategoryAxis
        {
            Position = AxisPosition.Left, ItemsSource = categories.Select(Shorten).ToList(), StartPosition = 1, EndPosition = 0,
            GapWidth = 0.4, TickStyle = TickStyle.None,
        });
        // The exporter measures text with built-in metrics narrower than most screen fonts: the label margin is set
        // from the longest label instead, so labels are never clipped.
        model.PlotMargins = new OxyThickness(16 + 8.5 * categories.Select(Shorten).DefaultIfEmpty("").Max(l => l.Length), 8, 16, 44);
        var max = categories.Count == 0 ? 1 : Enumerable.Range(0, categories.Count).Max(i => series.Sum(s => s.Values[i]));
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom, Minimum = 0, Maximum = Math.Max(1, max) * 1.05, MinimumMajorStep = 1, Title = valueAxisTitle,
            MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = OxyColor.FromRgb(0xd5, 0xdb, 0xe1), AbsoluteMinimum = 0,
            StringFormat = "0", MinorTickSize = 0,
        });
        foreach (var s in series)
        {
            var bars = new BarSeries
            {
                Title = s.Name, FillColor = OxyColor.Parse(s.Color), IsStacked = series.Count > 1, StrokeColor = OxyColors.White, StrokeThickness = 1,
                LabelFormatString = "{0:#}", LabelPlacement = series.Count > 1 ? LabelPlacement.Middle : LabelPlacement.Inside,
                TextColor = OxyColors.White, FontWeight = FontWeights.Bold,
            };
            // "{0:#}" prints nothing for a zero-width segment.
            foreach (var v in s.Values) { bars.Items.Add(new BarItem(v)); }
            model.Series.Add(bars);
        }
        // The legend is HTML beside the chart (text, not only a color swatch), not drawn into the picture.
        var height = 60 + Math.Max(1, categories.Count) * 34;
        return Render(model, id, labelledBy, height);
    }

    /// <summary>Columns over time (for example, completions per month).</summary>
    public static HtmlString Columns(string id, string labelledBy, IReadOnlyList<string> periods, IReadOnlyList<double> values, string color, string valueAxisTitle)
    {
        var model = NewModel();
        // Columns: the bar series on a bottom category axis ("x") and a left value axis ("y").
        model.Axes.Add(new CategoryAxis { Key = "x", Position = AxisPosition.Bottom, ItemsSource = periods.ToList(), GapWidth = 0.5, TickStyle = TickStyle.None, Angle = periods.Count > 8 ? -45 : 0 });
        model.Axes.Add(new LinearAxis
        {
            Key = "y", Position = AxisPosition.Left, AxisTitleDistance = 12, Minimum = 0, Maximum = Math.Max(1, values.DefaultIfEmpty(0).Max()) * 1.15, MinimumMajorStep = 1, Title = valueAxisTitle,
            MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = OxyColor.FromRgb(0xd5, 0xdb, 0xe1), StringFormat = "0", MinorTickSize = 0,
        });
        var bars = new BarSeries { FillColor = OxyColor.Parse(color), XAxisKey = "y", YAxisKey = "x", LabelFormatString = "{0:#}", LabelPlacement = LabelPlacement.Outside };
        foreach (var v in values) { bars.Items.Add(new BarItem(v)); }
        model.Series.Add(bars);
        model.PlotMargins = new OxyThickness(64, 16, 16, periods.Count > 8 ? 64 : 40);
        return Render(model, id, labelledBy, 300);
    }

    private static PlotModel NewModel() => new()
    {
        DefaultFont = "Arial", DefaultFontSize = 13, TextColor = OxyColor.FromRgb(0x1b, 0x1f, 0x24), PlotAreaBorderThickness = new OxyThickness(0),
        Padding = new OxyThickness(4, 8, 16, 4), Background = OxyColors.White,
    };

    // Long labels (course titles) would squeeze the bars: the full text is in the table beside the chart.
    private static string Shorten(string label) => label.Length <= 28 ? label : label[..27].TrimEnd() + "…";

    private static HtmlString Render(PlotModel model, string id, string labelledBy, int height)
    {
        var exporter = new SvgExporter { Width = Width, Height = height };
        var svg = exporter.ExportToString(model);
        return new HtmlString(CspSafe(svg, id, labelledBy, height));
    }

    /// <summary>
    /// The exporter's document as an element for the page: no XML prologue, a viewBox so it scales to the column,
    /// ids made unique per chart, role="img" labeled by the chart's heading, and every style="…" rewritten as
    /// presentation attributes (a CSP without 'unsafe-inline' blocks style attributes, not presentation attributes).
    /// </summary>
    public static string CspSafe(string svg, string id, string labelledBy, int height)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(svg), settings);
        var doc = XDocument.Load(reader);
        var root = doc.Root!;
        foreach (var element in root.DescendantsAndSelf())
        {
            if (element.Attribute("style") is { } style)
            {
                foreach (var declaration in style.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var colon = declaration.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        element.SetAttributeValue(declaration[..colon].Trim(), declaration[(colon + 1)..].Trim());
                    }
                }
                style.Remove();
            }
            if (element.Attribute("id") is { } elementId) { elementId.Value = $"{id}-{elementId.Value}"; }
            foreach (var a in element.Attributes().Where(a => a.Value.StartsWith("url(#", StringComparison.Ordinal)).ToList())
            {
                a.Value = "url(#" + id + "-" + a.Value[5..];
            }
        }
        root.SetAttributeValue("width", null);
        root.SetAttributeValue("height", null);
        root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {Width} {height}"));
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-labelledby", labelledBy);
        root.SetAttributeValue("focusable", "false");
        root.SetAttributeValue("class", "chart-svg");
        root.SetAttributeValue("id", id);
        root.SetAttributeValue(XNamespace.Xmlns + "xlink", null);
        return root.ToString(SaveOptions.DisableFormatting);
    }
}
