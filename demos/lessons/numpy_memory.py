"""Question 3, mode "memory": which NumPy <-> PyTorch bridges share one buffer, and which copy.

`torch.from_numpy(a)` and `t.numpy()` wrap the same memory: write through one and the other
changes. `torch.as_tensor(a)` shares too, unless it must convert (a dtype given, say float32);
`torch.tensor(a)` always copies. A strided view (every 2nd element) is shared with its strides:
NumPy counts them in bytes, torch in elements. The lesson writes a value into the tensor a little
each step and watches whether the array follows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)  # not a NamedTuple: a field named `index` would hide tuple.index
class Config:
    bridge: str = "from_numpy"  # from_numpy, as_tensor, as_tensor(float32), tensor (copy), .numpy()
    view: str = "whole"  # "whole" or "every 2nd" element
    index: int = 3  # the element written
    value: float = -5.0  # what is written there, a little each step
    dtype: str = "float64"  # float64, float32 or int64


SIZE = 12  # elements of the array
RAMP = 12  # steps the write takes to reach its value
STEPS = 30


def bridge(source: np.ndarray, how: str) -> tuple[np.ndarray, torch.Tensor]:
    """The (array, tensor) pair a bridge gives; '.numpy()' starts from a tensor instead."""
    if how == "from_numpy":
        return source, torch.from_numpy(source)
    if how == "as_tensor":
        return source, torch.as_tensor(source)
    if how == "as_tensor(float32)":
        return source, torch.as_tensor(source, dtype=torch.float32)
    if how == "tensor (copy)":
        return source, torch.tensor(source)
    tensor = torch.tensor(source)
    return tensor.numpy(), tensor


def make_pair(config: Config, seed: int) -> tuple[np.ndarray, torch.Tensor]:
    base = np.random.default_rng(seed).integers(1, 8, SIZE).astype(config.dtype)
    if config.view == "every 2nd":
        if config.bridge == ".numpy()":  # slice the tensor, then view it from NumPy
            tensor = torch.tensor(base)[::2]
            return tensor.numpy(), tensor
        return bridge(base[::2], config.bridge)
    return bridge(base, config.bridge)


class NumpyMemory:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.how = config.bridge
        self.array, self.tensor = make_pair(config, seed)
        self.index = min(int(config.index), len(self.tensor) - 1)
        self.target = float(config.value)
        self.start = float(self.tensor[self.index])
        # shared: do the two overlap in memory? (a tensor's .numpy() is always a view of it)
        self.shared = bool(np.shares_memory(self.array, self.tensor.numpy()))
        self.same_address = self.tensor.data_ptr() == self.array.__array_interface__["data"][0]
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        progress = min(1.0, self.steps / RAMP)
        value = self.start + (self.target - self.start) * progress
        self.tensor[self.index] = value  # int64 tensors truncate, as assignment does
        if self.steps >= STEPS:
            self.status = "done"
        return self.status == "running"
