using Functional.Core.Data;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Properties.Tests.Data;

/// <summary>The Dataset record: shapes checked once, row selection returns fresh matrices.</summary>
public class DatasetTests
{
    [Fact]
    public void ShapesAreChecked()
    {
        var m = Matrix<double>.Build;
        Assert.Throws<ArgumentException>(() => new Dataset(m.Dense(3, 1), m.Dense(2, 1)));
        Assert.Throws<ArgumentException>(() => new Dataset(m.Dense(3, 0), m.Dense(3, 1)));
        var d = new Dataset(m.Dense(3, 2), m.Dense(3, 1));
        Assert.Equal((3, 2, 1), (d.Count, d.InputCount, d.OutputCount));
    }

    [Fact]
    public void RowsGathersInTheGivenOrderIntoFreshMatrices()
    {
        var data = Generators.Indexed(5);
        var picked = data.Rows([4, 0, 4]);
        Assert.Equal(new[] { 4.0, 0.0, 4.0 }, picked.X.Column(0).ToArray());
        Assert.Equal(new[] { -4.0, 0.0, -4.0 }, picked.Y.Column(0).ToArray());
        Assert.NotSame(data.X.Storage, picked.X.Storage);
        Assert.Equal(4.0, data.X[4, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Rows([5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Rows([-1]));
    }

    [Fact]
    public void SliceCopies()
    {
        var data = Generators.Indexed(5);
        var slice = data.Slice(1, 3);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, slice.X.Column(0).ToArray());
        Assert.NotSame(data.X.Storage, slice.X.Storage);
        Assert.Equal(1.0, data.X[1, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Slice(3, 3));
    }

    [Fact]
    public void FromColumnsCopiesTheArrays()
    {
        double[] x = [1, 2], y = [3, 4];
        var data = Dataset.FromColumns(x, y);
        x[0] = 100;
        Assert.Equal(1.0, data.X[0, 0]);
        var (dx, dy) = data;
        Assert.Same(data.X, dx);
        Assert.Same(data.Y, dy);
    }
}
