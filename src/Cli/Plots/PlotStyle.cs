using ScottPlot;

namespace Functional.Cli.Plots;

/// <summary>The image formats <c>--format</c> accepts.</summary>
internal enum PlotFormat
{
    /// <summary>Raster, the default.</summary>
    Png,

    /// <summary>Vector.</summary>
    Svg,
}

/// <summary>
/// What the figures share: matplotlib's default colours (the tutorial's C0 and C1), sizes, and writing a
/// plot to a file atomically in the chosen format.
/// </summary>
internal static class PlotStyle
{
    /// <summary>matplotlib's C0, the tutorial's data points.</summary>
    public static readonly Color Blue = Color.FromHex("#1f77b4");

    /// <summary>matplotlib's C1, the tutorial's predictions.</summary>
    public static readonly Color Orange = Color.FromHex("#ff7f0e");

    /// <summary>Figure size of the regression and loss plots, in pixels (matplotlib's 6.4 x 4.8 in at 125 dpi).</summary>
    public const int Width = 800;

    /// <inheritdoc cref="Width"/>
    public const int Height = 600;

    private static readonly Lazy<string> SansFamily = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }
            .FirstOrDefault(name => Fonts.GetTypeface(name, false, false)?.FamilyName == name) ?? Fonts.Default);

    /// <summary>
    /// Returns a new plot in a sans-serif font, as matplotlib draws. ScottPlot's default family on Linux can be
    /// a serif one (here even its <c>Fonts.Sans</c> resolves to DejaVu Serif), and styles take the default
    /// when the plot is created, so the first installed of DejaVu Sans, Liberation Sans, Arial, Helvetica
    /// and Noto Sans is made the default first.
    /// </summary>
    public static Plot NewPlot()
    {
        Fonts.Default = SansFamily.Value;
        return new Plot();
    }

    /// <summary>Applies the finishing touches once everything is added: axis labels in regular weight, as matplotlib draws them.</summary>
    public static Plot Apply(Plot plot)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.Bold = false;
        }

        return plot;
    }

    /// <summary>The file name of a figure in the chosen format, e.g. <c>xor_loss.png</c>.</summary>
    public static string FileName(string stem, PlotFormat format) => stem + (format == PlotFormat.Svg ? ".svg" : ".png");

    /// <summary>Parses <c>--format</c>: png or svg (case-insensitive).</summary>
    public static PlotFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "png" => PlotFormat.Png,
        "svg" => PlotFormat.Svg,
        _ => throw new UsageException($"--format '{text}': expected png or svg"),
    };

    /// <summary>Renders <paramref name="plot"/> at the given size in <paramref name="format"/> and returns the file's bytes.</summary>
    public static byte[] Render(Plot plot, PlotFormat format, int width = Width, int height = Height) =>
        format == PlotFormat.Svg ? AtomicFile.Bytes(plot.GetSvgXml(width, height)) : plot.GetImageBytes(width, height, ImageFormat.Png);
}
