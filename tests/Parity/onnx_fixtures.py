"""ONNX fixtures: small MLPs exported by torch.onnx.export, with PyTorch's outputs on fixed inputs.

Called by make_fixtures.py (group `onnx`). Writes fixtures/onnx/NAME.onnx and fixtures/onnx/onnx.json, which
lists every case: its file, element type, the layout and activations (as `Activation.Parse` reads them) the
importer must find, the inputs, PyTorch's outputs in the model's own type (`outputs`), and PyTorch's float64
outputs of the same parameters on the same (float32-rounded) inputs (`outputs_float64`). Cases marked
`unsupported` must be refused, naming the first node of that operator.
"""
import json
import os
from collections import OrderedDict

import torch
from torch import nn


class MatMulLinear(nn.Module):
    """x @ W^T + b: exports as MatMul (with the transposed weight folded into an initializer) then Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        reference = nn.Linear(n_in, n_out)
        self.weight = nn.Parameter(reference.weight.detach().clone())
        self.bias = nn.Parameter(reference.bias.detach().clone())

    def forward(self, x):
        return x @ self.weight.t() + self.bias


class AddmmLinear(nn.Module):
    """addmm(b, x, W) with W stored (in, out): exports as Gemm without transB."""

    def __init__(self, n_in, n_out):
        super().__init__()
        reference = nn.Linear(n_in, n_out)
        self.weight = nn.Parameter(reference.weight.detach().t().contiguous())
        self.bias = nn.Parameter(reference.bias.detach().clone())

    def forward(self, x):
        return torch.addmm(self.bias, x, self.weight)


class BiasFreeMatMul(nn.Module):
    """x @ W^T without a bias: exports as MatMul alone."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(nn.Linear(n_in, n_out).weight.detach().clone())

    def forward(self, x):
        return x @ self.weight.t()


def _cases():
    """(name, dtype, layout, activations as we name them, modules factory, unsupported operator or None)."""
    all_six = [nn.LeakyReLU(0.2), nn.Tanh(), nn.Sigmoid(), nn.GELU(), nn.Softplus(), nn.ELU(0.5)]
    six_names = ["leaky_relu:0.2", "tanh", "sigmoid", "gelu", "softplus", "elu:0.5", "identity"]

    def sequential(layout, acts, linear=nn.Linear):
        modules = []
        for i in range(len(layout) - 1):
            modules.append(linear(layout[i], layout[i + 1]))
            if i < len(acts) and acts[i] is not None:
                modules.append(acts[i])
        return nn.Sequential(*modules)

    tutorial = [1, 10, 10, 10, 1]
    mixed = [3, 8, 8, 8, 8, 8, 8, 2]
    return [
        ("tutorial_float64", torch.float64, tutorial, ["relu"] * 3 + ["identity"],
         lambda: sequential(tutorial, [nn.ReLU(), nn.ReLU(), nn.ReLU()]), None),
        ("tutorial_float32", torch.float32, tutorial, ["relu"] * 3 + ["identity"],
         lambda: sequential(tutorial, [nn.ReLU(), nn.ReLU(), nn.ReLU()]), None),
        ("activations_float32", torch.float32, mixed, six_names, lambda: sequential(mixed, all_six), None),
        ("activations_float64", torch.float64, mixed, six_names, lambda: sequential(mixed, all_six), None),
        ("defaults_and_output_activation", torch.float32, [2, 6, 6, 1], ["leaky_relu", "elu", "sigmoid"],
         lambda: sequential([2, 6, 6, 1], [nn.LeakyReLU(), nn.ELU(), nn.Sigmoid()]), None),
        ("matmul_add", torch.float32, [4, 7, 3], ["tanh", "identity"],
         lambda: sequential([4, 7, 3], [nn.Tanh()], MatMulLinear), None),
        ("gemm_no_transb", torch.float64, [4, 7, 3], ["relu", "identity"],
         lambda: sequential([4, 7, 3], [nn.ReLU()], AddmmLinear), None),
        ("matmul_no_bias", torch.float32, [3, 5, 2], ["softplus", "identity"],
         lambda: sequential([3, 5, 2], [nn.Softplus()], BiasFreeMatMul), None),
        ("unsupported_softmax", torch.float32, [2, 3, 3], None,
         lambda: sequential([2, 3, 3], [nn.ReLU(), nn.Softmax(dim=1)]), "Softmax"),
        ("unsupported_layer_norm", torch.float32, [2, 4, 1], None,
         lambda: nn.Sequential(nn.Linear(2, 4), nn.LayerNorm(4), nn.Linear(4, 1)), "LayerNormalization"),
    ]


def main(out_dir, write):
    os.makedirs(out_dir, exist_ok=True)
    cases = []
    for index, (name, dtype, layout, activations, factory, unsupported) in enumerate(_cases()):
        torch.manual_seed(100 + index)
        model = factory().to(dtype).eval()
        x = (torch.rand(9, layout[0], dtype=torch.float64) * 8 - 4).to(dtype)
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17)
        with torch.no_grad():
            y = model(x)
            y64 = model.to(torch.float64)(x.to(torch.float64))
        case = OrderedDict([("name", name), ("file", name + ".onnx"),
                            ("dtype", "float64" if dtype == torch.float64 else "float32"),
                            ("input_name", "x"), ("layout", layout), ("activations", activations),
                            ("unsupported", unsupported),
                            ("inputs", [[float(v) for v in row] for row in x.to(torch.float64)]),
                            ("outputs", [[float(v) for v in row] for row in y.to(torch.float64)]),
                            ("outputs_float64", [[float(v) for v in row] for row in y64])])
        cases.append(case)
        print("wrote", os.path.relpath(path, os.path.dirname(out_dir)))
    write(os.path.join("onnx", "onnx.json"), OrderedDict([("onnx", cases)]))
