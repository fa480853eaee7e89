using System.Globalization;
using System.Text;
using System.Xml;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// Draws a stats response as a standalone SVG: in direct mode the histogram with the median and the 20% trimmed
/// mean, in psm mode the four Van Westendorp curves with OPP and IDP marked and the acceptable range (PMC..PME)
/// shaded. Written as text: the drawing is a few dozen elements, and every string from outside is escaped.
/// </summary>
internal static class PriceChart
{
    private const int Width = 960;
    private const int Height = 540;
    private const double Left = 90;
    private const double Right = Width - 30;
    private const double Top = 70;
    private const double Bottom = Height - 80;

    private static readonly (string Name, string Color)[] CurveStyles =
    [
        ("Too cheap", "#8e44ad"), ("Cheap", "#2e86de"), ("Expensive", "#e67e22"), ("Too expensive", "#c0392b"),
    ];

    public static string Svg(PriceStatsResponse stats)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="13">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>""");
        var title = $"{stats.ItemId}: {stats.Participants.ToString("N0", CultureInfo.InvariantCulture)} participants";
        Text(svg, Left, 34, title, "start", "font-size=\"20\" font-weight=\"bold\"");

        if (stats is { Psm: { Curves.Count: > 0 } psm }) DrawPsm(svg, stats, psm);
        else if (stats.Histogram is { Bins.Count: > 0 } histogram) DrawHistogram(svg, stats, histogram);
        else Text(svg, Width / 2.0, Height / 2.0, "No answers yet", "middle", "font-size=\"18\" fill=\"#666666\"");

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void DrawHistogram(StringBuilder svg, PriceStatsResponse stats, Histogram histogram)
    {
        var bins = histogram.Bins;
        double from = bins[0].From, to = bins[^1].To;
        var highest = Math.Max(1, bins.Max(b => b.Count));
        double X(double price) => Left + (price - from) / (to - from) * (Right - Left);
        double Y(double count) => Bottom - count / highest * (Bottom - Top);

        foreach (var bin in bins)
        {
            var x = X(bin.From);
            var width = Math.Max(0.5, X(bin.To) - x - 1);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bin" x="{N(x)}" y="{N(Y(bin.Count))}" width="{N(width)}" height="{N(Bottom - Y(bin.Count))}" fill="#9fc5e8"><title>{Escape($"{Price(bin.From)}–{Price(bin.To)}: {bin.Count}")}</title></rect>""");
        }

        var step = Math.Max(1, (int)Math.Ceiling(bins.Count / 6.0));
        var ticks = Enumerable.Range(0, bins.Count + 1).Where(i => i % step == 0 || i == bins.Count).Select(i => i < bins.Count ? bins[i].From : bins[^1].To);
        Axes(svg, stats.Currency, "Participants", ticks.Select(p => (X(p), Price(p))), [(Y(0), "0"), (Y(highest / 2.0), N(highest / 2.0)), (Y(highest), Count(highest))]);

        if (stats.Quantiles is { } q) Marker(svg, "median", X(q.P50), $"median {Price(q.P50)}", "#c0392b", null, Top - 14);
        if (stats.TrimmedMean20 is { } trimmed) Marker(svg, "trimmed-mean", X(trimmed), $"20% trimmed mean {Price(trimmed)}", "#27ae60", "6 4", Top - 2);
    }

    private static void DrawPsm(StringBuilder svg, PriceStatsResponse stats, PsmStats psm)
    {
        var curves = psm.Curves;
        double from = curves[0].Price, to = Math.Max(curves[^1].Price, curves[0].Price + 1);
        double X(double price) => Left + (Math.Clamp(price, from, to) - from) / (to - from) * (Right - Left);
        double Y(double share) => Bottom - share * (Bottom - Top);

        if (psm is { Pmc: { } pmc, Pme: { } pme } && pme > pmc)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="acceptable-range" x="{N(X(pmc))}" y="{N(Top)}" width="{N(X(pme) - X(pmc))}" height="{N(Bottom - Top)}" fill="#2ecc71" fill-opacity="0.15"><title>{Escape($"acceptable range {Price(pmc)}–{Price(pme)}")}</title></rect>""");
        }

        var series = new Func<PsmCurvePoint, double>[] { c => c.TooCheap, c => c.Cheap, c => c.Expensive, c => c.TooExpensive };
        for (var s = 0; s < series.Length; s++)
        {
            var points = string.Join(' ', curves.Select(c => $"{N(X(c.Price))},{N(Y(series[s](c)))}"));
            svg.Append(CultureInfo.InvariantCulture,
                $"""<polyline class="curve" points="{points}" fill="none" stroke="{CurveStyles[s].Color}" stroke-width="2"/>""");
            var legendY = Top + 4 + s * 18;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line x1="{N(Right - 150)}" y1="{N(legendY)}" x2="{N(Right - 128)}" y2="{N(legendY)}" stroke="{CurveStyles[s].Color}" stroke-width="3"/>""");
            Text(svg, Right - 122, legendY + 4, CurveStyles[s].Name, "start", null);
        }

        var ticks = Enumerable.Range(0, 7).Select(i => from + (to - from) * i / 6.0);
        Axes(svg, stats.Currency, "Share of answers", ticks.Select(p => (X(p), Price(p))), [(Y(0), "0%"), (Y(0.5), "50%"), (Y(1), "100%")]);

        if (psm.Opp is { } opp) Marker(svg, "opp", X(opp), $"OPP {Price(opp)}", "#34495e", null, Top - 14);
        if (psm.Idp is { } idp) Marker(svg, "idp", X(idp), $"IDP {Price(idp)}", "#16a085", "6 4", Top - 2);
    }

    private static void Axes(StringBuilder svg, string currency, string yTitle, IEnumerable<(double X, string Label)> xTicks, IEnumerable<(double Y, string Label)> yTicks)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"""<path class="axes" d="M{N(Left)},{N(Top)} V{N(Bottom)} H{N(Right)}" fill="none" stroke="#333333"/>""");
        foreach (var (x, label) in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(x)}" y1="{N(Bottom)}" x2="{N(x)}" y2="{N(Bottom + 5)}" stroke="#333333"/>""");
            Text(svg, x, Bottom + 20, label, "middle", null);
        }
        foreach (var (y, label) in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{N(Left - 5)}" y1="{N(y)}" x2="{N(Left)}" y2="{N(y)}" stroke="#333333"/>""");
            Text(svg, Left - 8, y + 4, label, "end", null);
        }
        Text(svg, (Left + Right) / 2, Height - 25, $"Price ({currency})", "middle", "font-size=\"15\"");
        Text(svg, 22, (Top + Bottom) / 2, yTitle, "middle", $"font-size=\"15\" transform=\"rotate(-90 22 {N((Top + Bottom) / 2)})\"");
    }

    private static void Marker(StringBuilder svg, string kind, double x, string label, string color, string? dash, double labelY)
    {
        var dashing = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        svg.Append(CultureInfo.InvariantCulture,
            $"""<line class="{kind}" x1="{N(x)}" y1="{N(Top - 10)}" x2="{N(x)}" y2="{N(Bottom)}" stroke="{color}" stroke-width="2"{dashing}/>""");
        Text(svg, x + 4, labelY, label, "start", $"fill=\"{color}\"");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, string? attributes) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text x="{N(x)}" y="{N(y)}" text-anchor="{anchor}"{(attributes is null ? "" : " " + attributes)}>{Escape(text)}</text>""");

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Price(double value) => value.ToString(value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Escapes markup and drops characters XML cannot carry at all (control characters from an admin's currency, say).</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsBmp && !XmlConvert.IsXmlChar((char)rune.Value)) continue;
            escaped.Append(rune.Value switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => rune.ToString(),
            });
        }
        return escaped.ToString();
    }
}
