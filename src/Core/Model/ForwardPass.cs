using System.Collections.Immutable;

namespace Functional.Core.Model;

/// <summary>
/// What a forward pass over a batch keeps for the backward pass, as immutable values. For a batch of n samples
/// and layer i with shape (out_i, in_i): <c>Inputs[i]</c> is (n, in_i) (<c>Inputs[0]</c> is a copy of the batch),
/// <c>PreActivations[i]</c> is (n, out_i), and <see cref="Output"/> is the last layer's activation (n, out).
/// </summary>
/// <param name="Inputs">The input to each layer.</param>
/// <param name="PreActivations">Each layer's affine output before its activation.</param>
/// <param name="Output">The network's output, one row per sample.</param>
public sealed record ForwardPass(
    ImmutableArray<ReadOnlyMatrix> Inputs,
    ImmutableArray<ReadOnlyMatrix> PreActivations,
    ReadOnlyMatrix Output);
