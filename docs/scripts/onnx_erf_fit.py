#!/usr/bin/env python3
"""Fits the coefficients of the float64 erf that ONNX exports compose (src/Core/Serialization/OnnxErf.cs).

Needs mpmath (Debian: python3-mpmath). Prints both coefficient tables, highest degree first, and the errors
of the fit and of its evaluation in doubles, step by step as the ONNX graph evaluates it.

    /usr/bin/python3 docs/scripts/onnx_erf_fit.py
"""
import math

import mpmath as mp

mp.mp.dps = 50
LOW, HIGH, SHIFT, DEGREE = mp.mpf("0.5"), mp.mpf(8), mp.mpf(2), 21


def z_of(a):
    return (a - SHIFT) / (a + SHIFT)


def a_of(z):
    return SHIFT * (1 + z) / (1 - z)


def scaled_erfc(z):
    a = a_of(z)
    return mp.erfc(a) * mp.exp(a * a) * (a + SHIFT)


def horner(coefficients, x):
    p = coefficients[0] * x
    for i, c in enumerate(coefficients[1:], start=1):
        p = p + c
        if i + 1 < len(coefficients):
            p = p * x
    return p


def main():
    tail, fit_error = mp.chebyfit(scaled_erfc, [z_of(LOW), z_of(HIGH)], DEGREE + 1, error=True)
    tail = [float(c) for c in tail]
    taylor = [float((-1) ** n * 2 / mp.sqrt(mp.pi) / (mp.factorial(n) * (2 * n + 1))) for n in reversed(range(14))]
    print("Taylor =", taylor)
    print("Tail =", tail)
    worst_absolute = 0.0
    for i in range(40001):
        a = 0.5 + i * (7.5 / 40000)
        z = (a - 2.0) / (a + 2.0)
        erfc = math.exp(-(a * a)) * (horner(tail, z) / (a + 2.0))
        worst_absolute = max(worst_absolute, abs(erfc - float(mp.erfc(a))))
    worst_small = 0.0
    for i in range(1, 20000):
        t = i * (0.5 / 20000)
        exact = float(mp.erf(t))
        worst_small = max(worst_small, abs(horner(taylor, t * t) * t - exact) / exact)
    print("fit error %.3g; erfc in doubles, worst absolute error %.3g; erf below 0.5, worst relative error %.3g"
          % (float(fit_error), worst_absolute, worst_small))


if __name__ == "__main__":
    main()
