#!/usr/bin/env python3
"""The tutorial's regression as its own code writes it (float32 tensors, a Dataset and a shuffling
DataLoader of batches of 25, nn.Sequential built from the layout, MSELoss, Adam lr 1e-4, zero_grad /
forward / backward / step per batch, the loss printed every 2,500 epochs), on one thread, timed.

    python3 bench/peers/tutorial_regression.py [EPOCHS]     # 50,000 by default, as the tutorial

Prints the tutorial's log lines, then one line: steps, seconds of training, µs per step and the time the
whole process took since the interpreter started (importing torch included). No figures are drawn.
"""
import sys
import time

START = time.perf_counter()

from collections import OrderedDict  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, Dataset  # noqa: E402


class XyDataset(Dataset):
    def __init__(self, x, y):
        self.x = torch.tensor(x, dtype=torch.float32).reshape(-1, 1)
        self.y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class MLP(nn.Module):
    def __init__(self, layout):
        super().__init__()
        layers = [("input", nn.Linear(layout[0], layout[1])), ("activation_input", nn.ReLU())]
        for i in range(1, len(layout) - 2):
            layers += [(f"hidden_{i - 1}", nn.Linear(layout[i], layout[i + 1])), (f"activation_{i - 1}", nn.ReLU())]
        layers.append(("output", nn.Linear(layout[-2], layout[-1])))
        self.sequence = nn.Sequential(OrderedDict(layers))

    def forward(self, x):
        return self.sequence(x)


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    torch.set_num_threads(1)
    np.random.seed(42)
    n = 100
    x = np.random.uniform(-5, 5, n)
    y = x**3 - x**2 + 25 * np.sin(2 * x) + np.random.normal(0, 10, n)
    loader = DataLoader(XyDataset(x, y), batch_size=25, shuffle=True)
    mlp = MLP([1, 10, 10, 10, 1])
    loss_function = nn.MSELoss()
    optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-4)

    trained = time.perf_counter()
    steps = 0
    for epoch in range(epochs):
        current_loss = 0.0
        for inputs, targets in loader:
            optimizer.zero_grad()
            outputs = mlp(inputs)
            loss = loss_function(outputs, targets)
            loss.backward()
            optimizer.step()
            current_loss += loss.item()
            steps += 1
        if (epoch + 1) % 2500 == 0:
            print(f"Loss after epoch {epoch + 1:5d}: {current_loss:.4g}")
    print("Training finished.")
    end = time.perf_counter()
    seconds = end - trained
    print(f"pytorch {torch.__version__}: {steps} steps in {seconds:.2f} s: {seconds * 1e6 / steps:.1f} µs/step; "
          f"200,000 steps would take {seconds / steps * 200_000:.1f} s; whole process {end - START:.2f} s")


if __name__ == "__main__":
    main()
