"""PyTorch fixtures for the optimizer, loss and activation parity tests.

Writes three JSON files (optimizers.json, losses.json, activations.json) that the C# tests in
tests/Properties/Parity compare against, so that CI needs no PyTorch. Everything is float64 and
deterministic: fixed numbers, one seeded initialisation (on a forked RNG, so the caller's global
RNG state is left alone) and no randomness in the training loops. Floats are written with
Python's repr (the json module's float format), so they read back bit for bit.

Run `/usr/bin/python3 tests/Parity/ops_fixtures.py` to rewrite tests/Parity/fixtures/ops, or
import this module and call main(out_dir). Importing it has no side effects.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

DTYPE = torch.float64
STEPS = 300
LAYOUT = [2, 8, 8, 1]


# --- optimizers ------------------------------------------------------------------------------------

def _data():
    """20 samples on a 5 x 4 grid with a smooth target; plain Python floats."""
    x = [[-1.5 + 0.75 * i, -1.0 + (2.0 / 3.0) * j] for i in range(5) for j in range(4)]
    y = [[math.sin(2.0 * a) * math.cos(1.5 * b) + 0.25 * b] for a, b in x]
    return x, y


def _start_parameters():
    """A 2-8-8-1 net with nn.Linear's default initialisation from seed 0, as a flat list in PyTorch's
    parameter order (each layer's weight (out, in) row-major, then its bias)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        layers = [torch.nn.Linear(a, b, dtype=DTYPE) for a, b in zip(LAYOUT, LAYOUT[1:])]
    return _flatten(p for layer in layers for p in (layer.weight, layer.bias))


def _flatten(tensors):
    return [v for t in tensors for v in t.detach().reshape(-1).tolist()]


def _net(flat):
    """nn.Sequential of Linear/Tanh with the given flat parameters (tanh after each hidden layer)."""
    modules = []
    for i, (a, b) in enumerate(zip(LAYOUT, LAYOUT[1:])):
        modules.append(torch.nn.Linear(a, b, dtype=DTYPE))
        if i + 2 < len(LAYOUT):
            modules.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*modules)
    with torch.no_grad():
        k = 0
        for p in net.parameters():
            n = p.numel()
            p.copy_(torch.tensor(flat[k:k + n], dtype=DTYPE).reshape(p.shape))
            k += n
    _require(k == len(flat), f"{len(flat)} parameters given, the net has {k}")
    return net


# name, torch optimizer class, its keyword arguments, clip_value, clip_norm, our registry spec (None when
# the registry has no name for it; the test then builds it from the factory with the torch arguments).
# Learning rates are kept where the runs are well conditioned (see _conditioning): sign-like updates
# (Adam, RMSprop) of a parameter that settles into oscillating about its optimum turn rounding noise
# into chaos, and no two implementations could then agree beyond a few digits.
OPTIMIZER_CASES = [
    ("sgd", "SGD", dict(lr=0.1), None, None, "sgd:lr=0.1"),
    ("sgd_weight_decay", "SGD", dict(lr=0.1, weight_decay=0.05), None, None, "sgd:lr=0.1,weight_decay=0.05"),
    ("sgd_momentum_dampening", "SGD", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01), None, None,
     "momentum:lr=0.05,momentum=0.8,dampening=0.3,weight_decay=0.01"),
    ("nesterov", "SGD", dict(lr=0.03, momentum=0.85, nesterov=True, weight_decay=0.01), None, None,
     "nesterov:lr=0.03,momentum=0.85,weight_decay=0.01"),
    ("adam", "Adam", dict(lr=0.001, betas=(0.85, 0.995), eps=1e-6), None, None,
     "adam:lr=0.001,beta1=0.85,beta2=0.995,eps=1e-6"),
    ("adam_weight_decay", "Adam", dict(lr=0.001, weight_decay=0.05), None, None, "adam:lr=0.001,weight_decay=0.05"),
    ("amsgrad", "Adam", dict(lr=0.003, betas=(0.9, 0.95), weight_decay=0.01, amsgrad=True), None, None,
     "amsgrad:lr=0.003,beta2=0.95,weight_decay=0.01"),
    ("adamw", "AdamW", dict(lr=0.001, weight_decay=0.5), None, None, "adamw:lr=0.001,weight_decay=0.5"),
    ("adamw_amsgrad", "AdamW", dict(lr=0.001, betas=(0.9, 0.95), eps=1e-7, weight_decay=0.3, amsgrad=True), None,
     None, None),
    ("rmsprop", "RMSprop", dict(lr=5e-4, alpha=0.98, eps=1e-7, weight_decay=0.01), None, None,
     "rmsprop:lr=5e-4,alpha=0.98,eps=1e-7,weight_decay=0.01"),
    ("rmsprop_centered_momentum", "RMSprop",
     dict(lr=2e-4, alpha=0.98, eps=1e-8, weight_decay=0.01, momentum=0.5, centered=True), None, None,
     "rmsprop:lr=2e-4,alpha=0.98,weight_decay=0.01,momentum=0.5,centered=true"),
    ("adagrad", "Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-9),
     None, None, "adagrad:lr=0.1,lr_decay=0.01,weight_decay=0.01,initial_accumulator_value=0.1,eps=1e-9"),
    ("adagrad_clip_norm", "Adagrad", dict(lr=0.03, lr_decay=0.02, initial_accumulator_value=0.01), None, 0.07,
     "adagrad:lr=0.03,lr_decay=0.02,initial_accumulator_value=0.01,clip_norm=0.07"),
    ("momentum_clip_norm", "SGD", dict(lr=0.1, momentum=0.9), None, 0.05, "momentum:lr=0.1,momentum=0.9,clip_norm=0.05"),
    ("amsgrad_clip_value", "Adam", dict(lr=0.0015, amsgrad=True), 0.02, None, "amsgrad:lr=0.0015,clip_value=0.02"),
    ("adam_clip_value_and_norm", "Adam", dict(lr=0.002), 0.02, 0.05, "adam:lr=0.002,clip_norm=0.05,clip_value=0.02"),
]

# The largest relative change a one-ulp change of the start may cause in PyTorch's own run of a case.
CONDITIONING_LIMIT = 1e-13


def _train(start, x, y, optimizer_name, kwargs, clip_value, clip_norm):
    net = _net(start)
    params = list(net.parameters())
    optimizer = getattr(torch.optim, optimizer_name)(params, **kwargs)
    xs = torch.tensor(x, dtype=DTYPE)
    ys = torch.tensor(y, dtype=DTYPE)
    losses = []
    clipped_by_norm = 0
    clipped_by_value = 0
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = F.mse_loss(net(xs), ys)
        loss.backward()
        # Clipping as the registry's specs do it: the raw gradients, value first, then norm.
        if clip_value is not None:
            if any(bool((p.grad.abs() > clip_value).any()) for p in params):
                clipped_by_value += 1
            torch.nn.utils.clip_grad_value_(params, clip_value)
        if clip_norm is not None:
            norm = torch.nn.utils.clip_grad_norm_(params, clip_norm)
            if clip_norm / (norm.item() + 1e-6) < 1.0:
                clipped_by_norm += 1
        optimizer.step()
        losses.append(loss.item())
    return losses, _flatten(params), clipped_by_norm, clipped_by_value


def _require(condition, message):
    if not condition:
        raise RuntimeError(message)


def _relative_difference(a, b):
    return max((abs(p - q) / abs(p) if p != q else 0.0) for p, q in zip(a, b))


def _conditioning(start, x, y, cls, kwargs, clip_value, clip_norm, losses, final):
    """How far PyTorch's own run moves when the start moves by one ulp (every second parameter up, then
    every third down): the largest relative change of any step's loss and of any final parameter. A
    parity test cannot be held to less than this."""
    worst_losses, worst_parameters = 0.0, 0.0
    for shifted in ([math.nextafter(v, math.inf) if i % 2 == 0 else v for i, v in enumerate(start)],
                    [math.nextafter(v, -math.inf) if i % 3 == 0 else v for i, v in enumerate(start)]):
        other_losses, other_final, _, _ = _train(shifted, x, y, cls, kwargs, clip_value, clip_norm)
        worst_losses = max(worst_losses, _relative_difference(losses, other_losses))
        worst_parameters = max(worst_parameters, _relative_difference(final, other_final))
    return worst_losses, worst_parameters


def optimizer_fixture():
    x, y = _data()
    start = _start_parameters()
    cases = []
    for name, cls, kwargs, clip_value, clip_norm, spec in OPTIMIZER_CASES:
        losses, final, by_norm, by_value = _train(start, x, y, cls, kwargs, clip_value, clip_norm)
        # Every clipping case must clip on some steps and not others, or it would not test the switch.
        _require(clip_norm is None or 0 < by_norm < STEPS, f"{name}: clips by norm on {by_norm} of {STEPS} steps")
        _require(clip_value is None or 0 < by_value < STEPS, f"{name}: clips by value on {by_value} of {STEPS} steps")
        _require(all(math.isfinite(v) for v in losses + final), f"{name}: a loss or parameter is not finite")
        _require(losses[-1] < losses[0], f"{name}: the loss does not fall ({losses[0]} to {losses[-1]})")
        by_start_losses, by_start_parameters = _conditioning(start, x, y, cls, kwargs, clip_value, clip_norm, losses, final)
        _require(max(by_start_losses, by_start_parameters) <= CONDITIONING_LIMIT,
                 f"{name}: a start one ulp away changes the losses by {by_start_losses:.1e} and the final parameters "
                 f"by {by_start_parameters:.1e} (relative), more than {CONDITIONING_LIMIT:.0e}")
        torch_kwargs = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
        cases.append({
            "name": name,
            "spec": spec,
            "torch": {"optimizer": cls, "kwargs": torch_kwargs, "clip_grad_value": clip_value, "clip_grad_norm": clip_norm},
            "steps_clipped_by_norm": by_norm if clip_norm is not None else None,
            "steps_clipped_by_value": by_value if clip_value is not None else None,
            "one_ulp_start_change": {"losses": by_start_losses, "final_parameters": by_start_parameters},
            "losses": losses,
            "final_parameters": final,
        })
    return {
        "torch_version": torch.__version__,
        "description": "Full-batch training of a 2-8-8-1 tanh net (identity output) with F.mse_loss, float64, "
                       "from one start; per step the loss before the update, and the parameters after the last "
                       "update. Parameters are flat in PyTorch order: each layer's weight (out, in) row-major, "
                       "then its bias. one_ulp_start_change: the largest relative change of a loss and of a "
                       "final parameter in PyTorch's own run when the start parameters move by one ulp.",
        "layout": LAYOUT,
        "hidden_activation": "tanh",
        "output_activation": "identity",
        "loss": "mse",
        "steps": STEPS,
        "x": x,
        "y": y,
        "start_parameters": start,
        "cases": cases,
    }


# --- losses ----------------------------------------------------------------------------------------

def _huber(delta):
    return lambda p, t: F.huber_loss(p, t, delta=delta)


# our name, a description of the PyTorch call, the call (mean reduction), and the (prediction, target)
# pairs, each evaluated as a batch of one element
def _loss_cases():
    tiny = 5e-324
    below = math.nextafter
    residuals = [-1e6, -3.0, -1.0, -0.25, -1e-8, 0.0, 1e-8, 0.25, 1.0, 3.0, 1e6]
    plain = [(d, 0.0) for d in residuals] + [(1.7, 1.2), (-0.3, 0.45), (2.5, 2.5), (1e-300, -1e-300)]
    huber_half = [(d, 0.0) for d in residuals] + [
        (0.5, 0.0), (-0.5, 0.0), (below(0.5, 0.0), 0.0), (below(0.5, 1.0), 0.0),
        (-below(0.5, 0.0), 0.0), (-below(0.5, 1.0), 0.0), (1.7, 1.2), (1.2, 1.7), (0.75, 0.25), (2.5, 2.5)]
    huber_one = [(d, 0.0) for d in residuals] + [
        (1.0, 0.0), (-1.0, 0.0), (below(1.0, 0.0), 0.0), (below(1.0, 2.0), 0.0), (3.0, 2.0), (2.0, 3.0)]
    probabilities = [0.0, tiny, 1e-300, 3e-44, 4e-44, 1e-20, 1e-13, 1e-12, 1e-6, 0.25, 0.5, 0.75,
                     1.0 - 1e-6, 1.0 - 1e-12, below(1.0, 0.0), 1.0]
    bce = [(p, t) for p in probabilities for t in (0.0, 1.0, 0.3)]
    logits = [-1e4, -800.0, -40.0, -36.0, -20.0, -2.0, -1e-8, 0.0, 1e-8, 2.0, 20.0, 36.0, 40.0, 800.0, 1e4]
    bce_logits = [(x, t) for x in logits for t in (0.0, 1.0, 0.3)]
    return [
        ("mse", "torch.nn.functional.mse_loss", F.mse_loss, plain),
        ("mae", "torch.nn.functional.l1_loss", F.l1_loss, plain),
        ("huber", "torch.nn.functional.huber_loss(delta=1.0)", _huber(1.0), huber_one),
        ("huber:0.5", "torch.nn.functional.huber_loss(delta=0.5)", _huber(0.5), huber_half),
        ("bce", "torch.nn.functional.binary_cross_entropy", F.binary_cross_entropy, bce),
        ("bce_logits", "torch.nn.functional.binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits,
         bce_logits),
    ]


def _value_and_gradient(f, prediction, target):
    p = torch.tensor(prediction, dtype=DTYPE, requires_grad=True)
    t = torch.tensor(target, dtype=DTYPE)
    value = f(p, t)
    (gradient,) = torch.autograd.grad(value, p)
    return value.item(), gradient.reshape(-1).tolist()


# A 4 x 3 batch per loss (row-major), for the mean over all elements and its 1/n gradient.
BATCH_PREDICTIONS = {
    "default": [[0.3, -1.2, 2.5], [0.0, 0.8, -0.45], [1.9, -2.2, 0.05], [0.6, 0.6, -3.1]],
    "bce": [[0.1, 0.9, 0.5], [0.02, 0.7, 0.35], [0.999, 0.25, 0.6], [0.45, 0.8, 0.15]],
}
BATCH_TARGETS = {
    "default": [[0.1, -0.7, 1.0], [0.4, 0.8, -0.2], [2.5, -1.0, 0.0], [-0.6, 0.9, -2.9]],
    "bce": [[0.0, 1.0, 1.0], [0.0, 0.0, 0.3], [1.0, 0.0, 1.0], [0.7, 1.0, 0.0]],
}


def loss_fixture():
    losses = []
    for name, torch_name, f, pairs in _loss_cases():
        elements = []
        for p, t in pairs:
            value, (gradient,) = _value_and_gradient(f, [p], [t])
            elements.append({"prediction": p, "target": t, "value": value, "gradient": gradient})
        key = "bce" if name == "bce" else "default"
        predictions, targets = BATCH_PREDICTIONS[key], BATCH_TARGETS[key]
        value, gradient = _value_and_gradient(f, predictions, targets)
        losses.append({
            "name": name,
            "torch": torch_name,
            "elements": elements,
            "batch": {
                "rows": len(predictions),
                "columns": len(predictions[0]),
                "predictions": [v for row in predictions for v in row],
                "targets": [v for row in targets for v in row],
                "value": value,
                "gradient": gradient,
            },
        })
    return {
        "torch_version": torch.__version__,
        "description": "Loss values with reduction='mean' and their gradients with respect to the prediction "
                       "(autograd), float64. 'elements' evaluates each (prediction, target) pair as a batch of "
                       "one element; 'batch' is one 4 x 3 batch, row-major.",
        "losses": losses,
    }


# --- activations -----------------------------------------------------------------------------------

# our name and the PyTorch module (its repr goes into the fixture)
def _activation_modules():
    return [
        ("identity", torch.nn.Identity()),
        ("relu", torch.nn.ReLU()),
        ("leaky_relu", torch.nn.LeakyReLU()),
        ("leaky_relu:0.2", torch.nn.LeakyReLU(0.2)),
        ("tanh", torch.nn.Tanh()),
        ("sigmoid", torch.nn.Sigmoid()),
        ("gelu", torch.nn.GELU()),
        ("softplus", torch.nn.Softplus()),
        ("elu", torch.nn.ELU()),
        ("elu:0.7", torch.nn.ELU(alpha=0.7)),
    ]


ACTIVATION_INPUTS = [
    -1e4, -800.0, -745.0, -720.0, -709.0, -100.0, -40.0, -37.0, -30.0, -20.0, -10.0, -8.0, -5.0, -3.0, -2.0,
    -1.0, -0.75, -0.5, -1e-3, -1e-10, -1e-300, -0.0, 0.0, 1e-300, 1e-10, 1e-3, 0.5, 1.0, 2.0, 3.0,
    5.0, 8.0, 10.0, 19.5, math.nextafter(20.0, 0.0), 20.0, math.nextafter(20.0, 40.0), 20.5, 30.0, 40.0,
    100.0, 800.0, 1e4,
]


def activation_fixture():
    activations = []
    for name, module in _activation_modules():
        values, derivatives = [], []
        for z in ACTIVATION_INPUTS:
            # One element at a time: the value PyTorch gives for that input alone (ATen runs its scalar
            # loop, not the SIMD one, for tensors this small).
            x = torch.tensor([z], dtype=DTYPE, requires_grad=True)
            a = module(x)
            (g,) = torch.autograd.grad(a.sum(), x)
            values.append(a.item())
            derivatives.append(g.item())
        activations.append({"name": name, "torch": repr(module), "values": values, "derivatives": derivatives})
    return {
        "torch_version": torch.__version__,
        "description": "Activation values and derivatives (autograd) at each input, float64, each input "
                       "evaluated on its own as a one-element tensor.",
        "inputs": ACTIVATION_INPUTS,
        "activations": activations,
    }


# --- output ----------------------------------------------------------------------------------------

def _write(path, content):
    text = json.dumps(content, indent=1, allow_nan=False) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(out_dir):
    """Writes optimizers.json, losses.json and activations.json into out_dir (created if missing)."""
    os.makedirs(out_dir, exist_ok=True)
    _write(os.path.join(out_dir, "optimizers.json"), optimizer_fixture())
    _write(os.path.join(out_dir, "losses.json"), loss_fixture())
    _write(os.path.join(out_dir, "activations.json"), activation_fixture())


if __name__ == "__main__":
    main(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "ops"))
