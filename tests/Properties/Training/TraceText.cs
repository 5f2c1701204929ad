using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Functional.Core.Model;
using Functional.Core.Optim;
using Functional.Core.Training;

namespace Functional.Properties.Tests.Training;

/// <summary>
/// Writes everything a training run produced as text with round-trip ("R") doubles, so two runs can be
/// compared bit for bit: the stop reason, every epoch record, the final parameters and the optimizer state
/// (walked generically: ints, doubles, parameter trees and nested states).
/// </summary>
internal static class TraceText
{
    public static string Of(TrainingResult result)
    {
        var sb = new StringBuilder();
        sb.Append("reason ").Append(result.Reason).Append('\n');
        sb.Append("diverged_at ").Append(result.DivergedAtEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n');
        sb.Append("epoch ").Append(result.State.Epoch.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("best ").Append(R(result.State.BestMonitored)).Append(" since ").Append(result.State.EpochsWithoutImprovement.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var e in result.Trace.Epochs)
        {
            sb.Append("e ").Append(e.Epoch.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(R(e.Loss));
            if (e.ValidationLoss is double v)
            {
                sb.Append(' ').Append(R(v));
            }

            sb.Append('\n');
        }

        Tree(sb, "params", result.Model);
        State(sb, "state", result.State.OptimizerState, result.Model.Activations);
        return sb.ToString();
    }

    public static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Tree(StringBuilder sb, string name, Mlp tree) => Tree(sb, name, tree, tree.Activations);

    // Optimizer state trees have no activations; the recorded text names the model's.
    private static void Tree(StringBuilder sb, string name, ParameterTree tree, ImmutableArray<Activation> activations)
    {
        sb.Append(name).Append(" [").Append(string.Join(",", tree.Layout)).Append("] ").Append(string.Join(",", activations)).Append('\n');
        foreach (double v in tree.ToFlatArray())
        {
            sb.Append("  ").Append(R(v)).Append('\n');
        }
    }

    private static void State(StringBuilder sb, string name, object? value, ImmutableArray<Activation> activations)
    {
        switch (value)
        {
            case null:
                sb.Append(name).Append(" null\n");
                break;
            case ParameterTree tree:
                Tree(sb, name, tree, activations);
                break;
            case int i:
                sb.Append(name).Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
                break;
            case double d:
                sb.Append(name).Append(' ').Append(R(d)).Append('\n');
                break;
            case ImmutableArray<TransformState> states:
                for (int k = 0; k < states.Length; k++)
                {
                    State(sb, $"{name}[{k}]", states[k], activations);
                }

                break;
            case TransformState state:
                sb.Append(name).Append(' ').Append(state.GetType().Name).Append('\n');
                foreach (var p in state.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (p.Name == "EqualityContract")
                    {
                        continue;
                    }

                    State(sb, $"{name}.{p.Name}", p.GetValue(state), activations);
                }

                break;
            case IEnumerable items:
                int n = 0;
                foreach (object? item in items)
                {
                    State(sb, $"{name}[{n++}]", item, activations);
                }

                break;
            default:
                sb.Append(name).Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                break;
        }
    }
}
