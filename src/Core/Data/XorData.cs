using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Data;

/// <summary>The tutorial's XOR data set.</summary>
public static class XorData
{
    /// <summary>
    /// Returns X = [[0,0],[0,1],[1,0],[1,1]] of shape (4, 2) and y = [0,1,1,0] as a (4, 1) column, fresh
    /// matrices on every call.
    /// </summary>
    [Pure]
    public static Dataset Create() => new(
        Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }),
        Matrix<double>.Build.DenseOfArray(new double[,] { { 0 }, { 1 }, { 1 }, { 0 } }));
}
