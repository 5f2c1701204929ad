using Functional.Core.Data;
using Functional.Properties.Tests.TestSupport;

namespace Functional.Properties.Tests.Data;

/// <summary>
/// The tutorial's data against values derived independently in Python (no NumPy needed):
/// <code>
/// r = np_seed(42)                                   # see RandomStateVectors for np_seed and gauss
/// x = [-5.0 + 10.0 * r.random() for _ in range(100)]
/// g = gauss_stream(r); e = [10.0 * g() for _ in range(100)]
/// y = [math.pow(t, 3) - t*t + 25*math.sin(2*t) + n for t, n in zip(x, e)]
/// </code>
/// x and the noise are NumPy's draws bit for bit; y also uses the C library's pow and sin, as NumPy's
/// <c>x**3</c> and <c>np.sin</c> do on this platform.
/// </summary>
public class TutorialDataTests
{
    [Fact]
    public void FirstSamplesMatchTheDerivedValues()
    {
        var data = TutorialData.Generate();
        Assert.Equal(100, data.Count);
        Assert.Equal(1, data.InputCount);
        Assert.Equal(1, data.OutputCount);
        double[] x = data.X.Column(0).ToArray(), y = data.Y.Column(0).ToArray();
        Assert.Equal(new[] { -1.254598811526375, 4.507143064099161, 2.3199394181140507, 0.986584841970366, -3.439813595575635 }, x[..5]);
        Assert.Equal(new[] { -17.45526675410718, 78.23172696016613, -16.912628618480856, 3.1146075140886182, -68.77255993993839 }, y[..5]);
        Assert.Equal(-3.9210857300669555, x[99]);
        Assert.Equal(-92.38769048144837, y[99]);
    }

    [Fact]
    public void SumsMatchTheDerivedValues()
    {
        // Python: math.fsum(x), math.fsum(y); our plain sums agree to rounding.
        var data = TutorialData.Generate();
        AssertClose.AllClose([-29.819256621790664, -1459.778827908489], [data.X.Column(0).Sum(), data.Y.Column(0).Sum()], rtol: 1e-13);
    }

    [Fact]
    public void NoiseIsTheSecondBlockOfDraws()
    {
        // The first noise value is 10 * the first gauss after the 100 uniform draws (Python: e[0]).
        var data = TutorialData.Generate();
        Assert.Equal(0.8704706823817122, data.Y[0, 0] - TutorialData.Ftrue(data.X[0, 0]), 12);
        var noiseless = TutorialData.Generate(TutorialDataOptions.Tutorial with { NoiseScale = 0.0 });
        Assert.Equal(data.X.ToArray(), noiseless.X.ToArray());
        Assert.Equal(TutorialData.Ftrue(-1.254598811526375), noiseless.Y[0, 0]);
    }

    [Fact]
    public void OptionsChangeTheDraws()
    {
        var other = TutorialData.Generate(new TutorialDataOptions(Seed: 7, Count: 10, NoiseScale: 1.0, Low: 0.0, High: 1.0));
        Assert.Equal(10, other.Count);
        Assert.All(other.X.Column(0).ToArray(), x => Assert.InRange(x, 0.0, 1.0));
        Assert.NotEqual(TutorialData.Generate().X[0, 0], other.X[0, 0]);
    }

    [Fact]
    public void GenerateIsDeterministicAndFresh()
    {
        var a = TutorialData.Generate();
        var b = TutorialData.Generate();
        Assert.NotSame(a.X, b.X);
        Assert.Equal(a.X.ToArray(), b.X.ToArray());
        Assert.Equal(a.Y.ToArray(), b.Y.ToArray());
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TutorialData.Generate(TutorialDataOptions.Tutorial with { Count = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TutorialData.Generate(TutorialDataOptions.Tutorial with { NoiseScale = -1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TutorialData.Generate(TutorialDataOptions.Tutorial with { NoiseScale = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TutorialData.Generate(TutorialDataOptions.Tutorial with { High = double.PositiveInfinity }));
    }

    [Fact]
    public void FtrueAtKnownPoints()
    {
        Assert.Equal(0.0, TutorialData.Ftrue(0.0));
        // ftrue(1) = 1 - 1 + 25 sin 2; ftrue(-5) = -125 - 25 + 25 sin(-10).
        Assert.Equal(25.0 * Math.Sin(2.0), TutorialData.Ftrue(1.0), 14);
        Assert.Equal(-150.0 + 25.0 * Math.Sin(-10.0), TutorialData.Ftrue(-5.0), 12);
    }

    [Fact]
    public void ReferenceCurveIsNumPysArange()
    {
        // np.arange(-5, 5, 0.01): 1,000 values; NumPy fills a[i] = start + i * ((start + step) - start),
        // derived in Python: d = (-5 + 0.01) - -5 = 0.009999999999999787; [-5 + i * d for i in range(2, 1000)].
        var curve = TutorialData.ReferenceCurve();
        double[] x = curve.X.Column(0).ToArray();
        Assert.Equal(1000, x.Length);
        Assert.Equal(-5.0, x[0]);
        Assert.Equal(-4.99, x[1]);
        Assert.Equal(-4.98, x[2]);
        Assert.Equal(-1.0658141036401503e-13, x[500]);
        Assert.Equal(4.989999999999787, x[999]);
        Assert.Equal(TutorialData.Ftrue(x[999]), curve.Y[999, 0]);
    }

    [Fact]
    public void ArangeLengths()
    {
        Assert.Equal(new[] { 0.0, 1.0, 2.0 }, NumPyArange.Values(0, 3, 1));
        Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0 }, NumPyArange.Values(0, 3.5, 1));
        Assert.Equal(new[] { 3.0, 2.0, 1.0 }, NumPyArange.Values(3, 0, -1));
        Assert.Empty(NumPyArange.Values(3, 0, 1));
        Assert.Equal(new[] { 0.0 }, NumPyArange.Values(0, 0.5, 1));
        Assert.Throws<ArgumentException>(() => NumPyArange.Values(0, 1, 0));
    }

    [Fact]
    public void XorData()
    {
        var xor = Core.Data.XorData.Create();
        Assert.Equal(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, xor.X.ToArray());
        Assert.Equal(new double[,] { { 0 }, { 1 }, { 1 }, { 0 } }, xor.Y.ToArray());
        Assert.NotSame(xor.X, Core.Data.XorData.Create().X);
    }
}
