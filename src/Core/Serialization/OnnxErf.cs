using System.Collections.Immutable;
using System.Globalization;

namespace Functional.Core.Serialization;

/// <summary>
/// GELU in float64 for ONNX Runtime, whose CPU provider has no float64 <c>Erf</c>: erf composed from
/// operators that have float64 kernels, shaped as <c>SpecialFunctions.Erf</c> computes it, so the two agree to
/// a few units in the last place of erf (and GELU's tail, where 1 + erf(t) cancels, keeps that agreement
/// relative to its value). With a = |t|:
/// <list type="bullet">
/// <item>a &lt; 0.5: erf(t) = t·P(t²), P the Taylor series 2/√π·Σ (−1)^n t^2n / (n!(2n + 1)) to n = 13
/// (relative error below 2.5e-16);</item>
/// <item>a ≥ 0.5: erfc(a) = e^(−a²)·Q(Z)/(a + 2), Z = (a − 2)/(a + 2), with a clamped to 8 inside Q (above it
/// erfc is below 1e-29); Q is a degree-21 Chebyshev fit of erfc(a)·e^(a²)·(a + 2) over a in [0.5, 8] made with
/// mpmath (<c>chebyfit</c>, 50 digits; fit error 1.8e-19, evaluated error at most 1.7e-16 absolute, 6e-16
/// relative below a = 2); then erf(t) = ±(1 − erfc(a)).</item>
/// </list>
/// docs/scripts/onnx_erf_fit.py makes both tables and measures these errors.
/// </summary>
internal static class OnnxErf
{
    private static readonly double[] Taylor =
    [
        -6.7113668551641105e-12, 9.422759064650411e-11, -1.2290555301717928e-09, 1.4807192815879218e-08,
        -1.6365844691234924e-07, 1.6462114365889248e-06, -1.492565035840625e-05, 0.00012055332981789664,
        -0.0008548327023450853, 0.005223977625442188, -0.026866170645131252, 0.11283791670955126,
        -0.37612638903183754, 1.1283791670955126,
    ];

    private static readonly double[] Tail =
    [
        8.185898433718026e-08, 7.111157881871146e-08, -2.947571985474825e-07, -6.222108227731905e-07,
        -1.557973484191909e-08, 2.0223675329053036e-06, 3.650558947595765e-06, -1.1304765995708855e-06,
        -1.612265714111398e-05, -2.1695531806394533e-05, 3.414919381158397e-05, 0.00014447069806033052,
        3.437140351153866e-05, -0.0006630735039975748, -0.0008372960602882332, 0.003090612059214107,
        0.006479185067655095, -0.021510661889486655, -0.03644223150687745, 0.2794720925560547,
        -0.6871606844138106, 1.021582705242023,
    ];

    /// <summary>GELU = Mul(Mul(z, Add(erf(Div(z, √2)), 1)), 0.5) with erf as above, as template steps.</summary>
    public static ImmutableArray<OnnxPatterns.Step> GeluSteps { get; } = BuildGelu();

    private static ImmutableArray<OnnxPatterns.Step> BuildGelu()
    {
        var steps = new List<OnnxPatterns.Step>();
        string Add(string op, params string[] inputs)
        {
            steps.Add(new OnnxPatterns.Step(op, inputs));
            return "$" + (steps.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        static string C(double value) => "=" + value.ToString("R", CultureInfo.InvariantCulture);

        string t = Add("Div", "x", C(Math.Sqrt(2.0)));
        string a = Add("Abs", t);
        string a2 = Add("Mul", a, a);
        string e = Add("Exp", Add("Neg", a2));
        string p = Add("Mul", a2, C(Taylor[0]));
        for (int i = 1; i < Taylor.Length; i++)
        {
            p = Add("Add", p, C(Taylor[i]));
            if (i + 1 < Taylor.Length)
            {
                p = Add("Mul", p, a2);
            }
        }

        string small = Add("Mul", p, t);
        string clamped = Add("Min", a, C(8.0));
        string denominator = Add("Add", clamped, C(2.0));
        string z = Add("Div", Add("Sub", clamped, C(2.0)), denominator);
        string q = Add("Mul", z, C(Tail[0]));
        for (int i = 1; i < Tail.Length; i++)
        {
            q = Add("Add", q, C(Tail[i]));
            if (i + 1 < Tail.Length)
            {
                q = Add("Mul", q, z);
            }
        }

        string erfc = Add("Mul", e, Add("Div", q, denominator));
        string magnitude = Add("Sub", C(1.0), erfc);
        string large = Add("Where", Add("Less", t, C(0.0)), Add("Neg", magnitude), magnitude);
        string erf = Add("Where", Add("Less", a, C(0.5)), small, large);
        string product = Add("Mul", "x", Add("Add", erf, C(1.0)));
        Add("Mul", product, C(0.5));
        return [.. steps];
    }
}
