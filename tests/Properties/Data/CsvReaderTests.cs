using Functional.Core;
using Functional.Core.Data;

namespace Functional.Properties.Tests.Data;

/// <summary>Reading CSV: header detection, column choice, comments, and one clear error per problem.</summary>
public class CsvReaderTests
{
    private static DataFormatException Fails(string text, CsvColumns? columns = null) =>
        Assert.Throws<DataFormatException>(() => DatasetCsv.Parse(text, columns, "data.csv"));

    [Fact]
    public void HeaderIsDetectedAndLastColumnIsTheTarget()
    {
        var read = DatasetCsv.Parse("x1,x2,y\n1,2,3\n4,5,6\n");
        Assert.True(read.HasHeader);
        Assert.Equal(new[] { "x1", "x2" }, read.InputNames);
        Assert.Equal(new[] { "y" }, read.TargetNames);
        Assert.Equal(new double[,] { { 1, 2 }, { 4, 5 } }, read.Data.X.ToArray());
        Assert.Equal(new double[,] { { 3 }, { 6 } }, read.Data.Y.ToArray());
    }

    [Fact]
    public void WithoutHeaderEveryRowIsData()
    {
        var read = DatasetCsv.Parse("1,2\n3,4\n");
        Assert.False(read.HasHeader);
        Assert.Equal(2, read.Data.Count);
        Assert.Equal(new[] { "col0" }, read.InputNames);
        Assert.Equal(new[] { "col1" }, read.TargetNames);
    }

    [Fact]
    public void CommentsBlankLinesWhitespaceAndCrLfAreHandled()
    {
        const string text = "# made by hand\r\n\r\n  # another comment\r\n x , y \r\n 1.5 , -2e3 \r\n\r\n+3,4\r\n";
        var read = DatasetCsv.Parse(text);
        Assert.Equal(new[] { "x" }, read.InputNames);
        Assert.Equal(new double[,] { { 1.5 }, { 3 } }, read.Data.X.ToArray());
        Assert.Equal(new double[,] { { -2000 }, { 4 } }, read.Data.Y.ToArray());
    }

    [Fact]
    public void ColumnsByNameAndIndexInTheGivenOrder()
    {
        const string text = "id,a,b,t1,t2\nr1,1,2,3,4\nr2,5,6,7,8\n";
        var read = DatasetCsv.Parse(text, CsvColumns.Parse("b,1", "t2,t1"));
        Assert.Equal(new double[,] { { 2, 1 }, { 6, 5 } }, read.Data.X.ToArray());
        Assert.Equal(new double[,] { { 4, 3 }, { 8, 7 } }, read.Data.Y.ToArray());
        Assert.Equal(new[] { "b", "a" }, read.InputNames);
        // The unchosen text column 'id' is never parsed.
    }

    [Fact]
    public void DefaultInputsAreAllColumnsButTheTargets()
    {
        var read = DatasetCsv.Parse("y,a,b\n1,2,3\n", new CsvColumns(Targets: [CsvColumn.ByName("y")]));
        Assert.Equal(new[] { "a", "b" }, read.InputNames);
        Assert.Equal(new double[,] { { 2, 3 } }, read.Data.X.ToArray());
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasAndQuotes()
    {
        var read = DatasetCsv.Parse("\"a,1\",\"say \"\"y\"\"\"\n\"1\",2\n", new CsvColumns(Targets: [CsvColumn.ByName("say \"y\"")]));
        Assert.Equal(new[] { "a,1" }, read.InputNames);
        Assert.Equal(2.0, read.Data.Y[0, 0]);
    }

    [Fact]
    public void NonNumericValueNamesFileLineAndColumn()
    {
        var e = Fails("x,z,y\n1,2,3\n\n# c\n4,5,6\n7,8,9\n1,2,abc\n");
        Assert.Equal("data.csv:7: column 'y' (2): 'abc' is not a number", e.Message);
        Assert.Equal(("data.csv", 7, 2, "y"), (e.File, e.Line, e.Column, e.ColumnName));
    }

    [Fact]
    public void NonNumericValueWithoutHeaderNamesTheIndex()
    {
        Assert.Equal("data.csv:2: column 0: 'x' is not a number", Fails("1,2\nx,3\n").Message);
    }

    [Theory]
    [InlineData("x,y\n1,NaN\n", "data.csv:2: column 'y' (1): 'NaN' is not a finite number (NaN and infinities are not allowed)")]
    [InlineData("x,y\n1,-Infinity\n", "data.csv:2: column 'y' (1): '-Infinity' is not a finite number (NaN and infinities are not allowed)")]
    [InlineData("x,y\n1,1e999\n", "data.csv:2: column 'y' (1): '1e999' is not a finite number (NaN and infinities are not allowed)")]
    [InlineData("x,y\n1,\n", "data.csv:2: column 'y' (1): empty field; expected a number")]
    [InlineData("x,y\n1,2\n3\n", "data.csv:3: expected 2 fields as in the header, found 1")]
    [InlineData("1,2\n3,4,5\n", "data.csv:2: expected 2 fields as in the first row, found 3")]
    [InlineData("", "data.csv: no data rows: the source is empty")]
    [InlineData("# only a comment\n\n", "data.csv: no data rows: it holds only blank and comment lines")]
    [InlineData("x,y\n", "data.csv: no data rows: it holds a header but no data rows")]
    [InlineData("x\n1\n", "data.csv:1: no input columns: the rows have 1 field(s), all of them targets; expected at least one input and one target column")]
    [InlineData("x,\"y\n1,2\n", "data.csv:1: field 1: a quoted field is not closed on its line")]
    [InlineData("x,\"y\"z\n1,2\n", "data.csv:1: field 1: text after a closing quote; expected a comma or the end of the line")]
    public void ErrorsAreOneClearLine(string text, string message)
    {
        Assert.Equal(message, Fails(text).Message);
    }

    [Fact]
    public void UnknownOrBadColumnChoices()
    {
        Assert.Equal(
            "data.csv:1: unknown target column 'q'; the header has 'x', 'y'",
            Fails("x,y\n1,2\n", CsvColumns.Parse(null, "q")).Message);
        Assert.Equal(
            "data.csv:1: input column 5 does not exist; the rows have 2 field(s), indices 0..1",
            Fails("x,y\n1,2\n", CsvColumns.Parse("5", null)).Message);
        Assert.Equal(
            "data.csv:1: target column 'y' is chosen by name but the first row is not a header (all its fields are numbers)",
            Fails("1,2\n", CsvColumns.Parse(null, "y")).Message);
        Assert.Contains("ambiguous", Fails("x,x,y\n1,2,3\n", CsvColumns.Parse("x", null)).Message);
    }

    [Fact]
    public void MissingFileIsAClearDataFormatException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"functional-missing-{Guid.NewGuid():N}.csv");
        var e = Assert.Throws<DataFormatException>(() => DatasetCsv.ReadFile(path));
        Assert.Equal($"{path}: file not found", e.Message);
        Assert.Equal(0, e.Line);
    }

    [Fact]
    public void ReadFileReadsAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"functional-read-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "x,y\n1,2\n");
            Assert.Equal(2.0, DatasetCsv.ReadFile(path).Data.Y[0, 0]);
            File.AppendAllText(path, "oops\n");
            Assert.StartsWith($"{path}:3: ", Assert.Throws<DataFormatException>(() => DatasetCsv.ReadFile(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFolderIsNotReadable()
    {
        var e = Assert.Throws<DataFormatException>(() => DatasetCsv.ReadFile(Path.GetTempPath()));
        Assert.StartsWith(Path.GetTempPath(), e.Message);
    }

    [Fact]
    public void ColumnReferencesParse()
    {
        Assert.Equal(CsvColumn.ByIndex(12), CsvColumn.Parse(" 12 "));
        Assert.Equal(CsvColumn.ByName("x1"), CsvColumn.Parse("x1"));
        Assert.Equal(CsvColumn.ByName("-1"), CsvColumn.Parse("-1"));
        Assert.Null(CsvColumns.Parse(" ", null).Inputs);
    }
}
