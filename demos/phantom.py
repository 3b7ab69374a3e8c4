"""A head phantom made of ellipses (the modified Shepp-Logan table), drawn in code.

Each ellipse adds its intensity inside it: a bright skull, grey brain, darker ventricles and a few
small bright spots. Drawn 4x finer and averaged, so small features do not vanish at 64x64.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch

# intensity, semi-axis x, semi-axis y, centre x, centre y, rotation (degrees); image spans [-1, 1]
ELLIPSES = (
    (1.0, 0.69, 0.92, 0.0, 0.0, 0.0),
    (-0.8, 0.6624, 0.874, 0.0, -0.0184, 0.0),
    (-0.2, 0.11, 0.31, 0.22, 0.0, -18.0),
    (-0.2, 0.16, 0.41, -0.22, 0.0, 18.0),
    (0.1, 0.21, 0.25, 0.0, 0.35, 0.0),
    (0.1, 0.046, 0.046, 0.0, 0.1, 0.0),
    (0.1, 0.046, 0.046, 0.0, -0.1, 0.0),
    (0.1, 0.046, 0.023, -0.08, -0.605, 0.0),
    (0.1, 0.023, 0.023, 0.0, -0.606, 0.0),
    (0.1, 0.023, 0.046, 0.06, -0.605, 0.0),
)
SUPERSAMPLE = 4


@lru_cache(maxsize=4)
def _phantom(size: int) -> torch.Tensor:
    fine = size * SUPERSAMPLE
    centres = (torch.arange(fine, dtype=torch.float64) + 0.5) / fine * 2 - 1
    y, x = torch.meshgrid(-centres, centres, indexing="ij")  # top row is y = +1
    image = torch.zeros(fine, fine, dtype=torch.float64)
    for value, a, b, x0, y0, degrees in ELLIPSES:
        cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        u = (x - x0) * cos + (y - y0) * sin
        v = -(x - x0) * sin + (y - y0) * cos
        image += value * ((u / a) ** 2 + (v / b) ** 2 <= 1).double()
    image = image.reshape(size, SUPERSAMPLE, size, SUPERSAMPLE).mean(dim=(1, 3))
    return image.clamp(min=0)  # 1 - 0.8 - 0.2 can round to -6e-17


def head_phantom(size: int = 64) -> torch.Tensor:
    """A (size, size) float64 image in [0, 1], rows top to bottom, zero outside the head."""
    return _phantom(size).clone()
