using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Data;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Data;

/// <summary>CSV laws: write-then-read is exact, and no text makes the reader throw anything but DataFormatException.</summary>
public class CsvProperties
{
    // Text built from the characters that matter to the reader, so that fuzzing reaches deep paths.
    private static readonly Gen<string> CsvishText =
        Gen.Elements("0", "1", "-2.5", "1e3", "NaN", "inf", "x", "y", ",", ",", "\n", "\n", "\r\n", "\r", "#", " ", "\"", "\"\"", "", "é", "\t", "1e999", ".")
            .ArrayOf()
            .Select(parts => string.Concat(parts));

    private static readonly Arbitrary<string> FuzzText = Gen.OneOf(
        CsvishText,
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
        Gen.Choose(1, 6).SelectMany(rows => CsvishText.ArrayOf(rows)).Select(lines => "x,y\n" + string.Join('\n', lines))).ToArbitrary();

    private static readonly Arbitrary<CsvColumns?> Choices = Gen.Elements<CsvColumns?>(
        null,
        CsvColumns.Parse("0", "1"),
        CsvColumns.Parse("x", "y"),
        CsvColumns.Parse(null, "y"),
        new CsvColumns(Inputs: ImmutableArray<CsvColumn>.Empty)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property WriteThenReadIsExact() => Prop.ForAll(Generators.SmallDataset.ToArbitrary(), data =>
    {
        string csv = DatasetCsv.Format(data);
        // With several targets the reader must be told which columns they are (by default only the last).
        var targets = new CsvColumns(Targets: [.. DatasetCsv.DefaultNames("y", data.OutputCount).Select(CsvColumn.ByName)]);
        var read = DatasetCsv.Parse(csv, targets);
        return read.HasHeader &&
            Bits(read.Data.X.ToRowMajorArray()).SequenceEqual(Bits(data.X.ToRowMajorArray())) &&
            Bits(read.Data.Y.ToRowMajorArray()).SequenceEqual(Bits(data.Y.ToRowMajorArray())) &&
            read.InputNames.SequenceEqual(DatasetCsv.DefaultNames("x", data.InputCount)) &&
            read.TargetNames.SequenceEqual(DatasetCsv.DefaultNames("y", data.OutputCount));
    });

    [Property(MaxTest = 10_000)] // every reader is fuzzed with 10,000 cases
    public Property ArbitraryTextGivesADatasetOrADataFormatException() => Prop.ForAll(FuzzText, Choices, (text, columns) =>
    {
        try
        {
            var read = DatasetCsv.Parse(text, columns);
            return read.Data.Count >= 1 && read.Data.X.Enumerate().All(double.IsFinite) && read.Data.Y.Enumerate().All(double.IsFinite);
        }
        catch (DataFormatException e)
        {
            return e.Message.StartsWith(DatasetCsv.TextSource, StringComparison.Ordinal) && !e.Message.Contains('\n');
        }
    });

    [Fact]
    public void WriterQuotesNamesTheReaderWouldSplit()
    {
        var data = Dataset.FromColumns([1.0], [2.0]);
        string csv = DatasetCsv.Format(data, ["a,b"], ["#y \"q\""]);
        Assert.Equal("\"a,b\",\"#y \"\"q\"\"\"\n1,2\n", csv);
        var read = DatasetCsv.Parse(csv);
        Assert.Equal(new[] { "a,b" }, read.InputNames);
        Assert.Equal(new[] { "#y \"q\"" }, read.TargetNames);
    }

    [Fact]
    public void WriterUsesRoundTripInvariantText()
    {
        var data = Dataset.FromColumns([0.1, -0.0, 1e-300], [1.0 / 3.0, 12345678901234567890.0, double.Epsilon]);
        Assert.Equal("x,y\n0.1,0.3333333333333333\n-0,1.2345678901234567E+19\n1E-300,5E-324\n", DatasetCsv.Format(data));
    }

    [Fact]
    public void WriterRejectsWhatCannotBeReadBack()
    {
        var data = Dataset.FromColumns([1.0], [2.0]);
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(Dataset.FromColumns([double.NaN], [2.0])));
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(data, ["1"], ["y"]));
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(data, ["y"], ["y"]));
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(data, [" "], ["y"]));
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(data, ["a\nb"], ["y"]));
        Assert.Throws<ArgumentException>(() => DatasetCsv.Format(data, ["a", "b"], ["y"]));
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);
}
