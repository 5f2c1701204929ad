using System.Globalization;
using Functional.Core.Losses;
using Functional.Properties.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;
using static Functional.Properties.Tests.Parity.ParityFixtures;

namespace Functional.Properties.Tests.Parity;

/// <summary>
/// Every loss against PyTorch's functional losses (reduction 'mean'): the value and the gradient with
/// respect to the prediction (autograd), each (prediction, target) pair as a batch of one element, through
/// the edge regions (Huber at |d| = delta and one ulp either side, BCE at and near predictions 0 and 1 and
/// across its log clamp at −100, BCE-with-logits at large logits), plus one 4 x 3 batch for the mean over
/// all elements and its 1/n gradient.
/// </summary>
public sealed class LossParityTests(ITestOutputHelper output)
{
    // A small margin above the worst relative difference measured over every loss (docs/parity-ops.md):
    // MSE, MAE and Huber agree bit for bit; BCE and BCE-with-logits call log and exp (which may differ by
    // an ulp between math libraries), write the logits formula differently, and divide the batch gradient
    // by n where we multiply by 1/n.
    private const double ValueTolerance = 2 * Ulp;
    private const double GradientTolerance = 2 * Ulp;

    public static TheoryData<string> Cases => Names(LossesJson.GetProperty("losses"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_and_gradients_follow_pytorch(string name)
    {
        var @case = Named(LossesJson.GetProperty("losses"), name);
        var loss = Loss.Parse(name);
        Assert.Equal(name, loss.Name);
        var elements = @case.GetProperty("elements").EnumerateArray().ToList();
        var expectedValues = elements.Select(e => e.GetProperty("value").GetDouble()).ToArray();
        var expectedGradients = elements.Select(e => e.GetProperty("gradient").GetDouble()).ToArray();
        var values = new double[elements.Count];
        var gradients = new double[elements.Count];
        for (int i = 0; i < elements.Count; i++)
        {
            var p = Single(elements[i].GetProperty("prediction").GetDouble());
            var t = Single(elements[i].GetProperty("target").GetDouble());
            values[i] = loss.Value(p, t);
            gradients[i] = loss.Gradient(p, t)[0, 0];
        }

        var batch = @case.GetProperty("batch");
        int rows = batch.GetProperty("rows").GetInt32(), columns = batch.GetProperty("columns").GetInt32();
        var predictions = Matrix<double>.Build.DenseOfRowMajor(rows, columns, ParityFixtures.Doubles(batch.GetProperty("predictions")));
        var targets = Matrix<double>.Build.DenseOfRowMajor(rows, columns, ParityFixtures.Doubles(batch.GetProperty("targets")));
        double[] expectedBatchValue = [batch.GetProperty("value").GetDouble()];
        double[] batchValue = [loss.Value(predictions, targets)];
        var expectedBatchGradient = ParityFixtures.Doubles(batch.GetProperty("gradient"));
        var batchGradient = loss.Gradient(predictions, targets).ToRowMajorArray();

        Report(name, "element values", expectedValues, values, elements);
        Report(name, "element gradients", expectedGradients, gradients, elements);
        Report(name, "batch value", expectedBatchValue, batchValue, null);
        Report(name, "batch gradient", expectedBatchGradient, batchGradient, null);
        AssertClose.AllClose(expectedValues, values, rtol: ValueTolerance, atol: 0.0);
        AssertClose.AllClose(expectedGradients, gradients, rtol: GradientTolerance, atol: 0.0);
        AssertClose.AllClose(expectedBatchValue, batchValue, rtol: ValueTolerance, atol: 0.0);
        AssertClose.AllClose(expectedBatchGradient, batchGradient, rtol: GradientTolerance, atol: 0.0);
    }

    [Fact]
    public void Every_loss_has_a_case()
    {
        static string TypeName(string name) => Loss.Parse(name).GetType().Name;
        var covered = LossesJson.GetProperty("losses").EnumerateArray().Select(e => TypeName(e.GetProperty("name").GetString()!));
        Assert.Equal(Loss.Names.Select(TypeName).Order(StringComparer.Ordinal), covered.Distinct().Order(StringComparer.Ordinal));
    }

    private static Matrix<double> Single(double value) => Matrix<double>.Build.Dense(1, 1, value);

    private void Report(string name, string what, double[] expected, double[] actual, List<System.Text.Json.JsonElement>? elements)
    {
        var (worst, at) = AssertClose.MaxRelativeDifference(expected, actual);
        string where = elements is null || !(worst > 0.0)
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $" at p = {elements[at].GetProperty("prediction").GetDouble():R}, t = {elements[at].GetProperty("target").GetDouble():R}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {what}: worst relative difference {worst:E2}{where}"));
    }
}
