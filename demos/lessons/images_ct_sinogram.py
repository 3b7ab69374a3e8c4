"""Question 2, mode "CT sinogram": an image held as line integrals at many angles.

A CT scanner measures, at each angle, the sum of the image along parallel rays: one profile per
angle, stacked into a sinogram. Back-projection smears each profile back along its rays and
adds them up; plain, that gives a blurred image, and ramp-filtering each profile first (|k| in
frequency) undoes the blur: filtered back-projection. The live scan takes a few angles a step;
then the error is measured against the number of angles N for both methods.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F

from demos.phantom import head_phantom


class Config(NamedTuple):
    angles: int = 45  # projections, evenly spaced over 180 degrees
    backprojection: str = "filtered"  # "filtered" (ramp filter first) or "plain"


SIZE = 64  # the phantom's side in pixels
SWEEP = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 45, 64, 90, 128, 180)  # N for the error curve
LIVE_STEPS = 90  # the live scan takes about this many steps whatever N is
SWEEP_CHUNK = 45  # angles per step while measuring the error against N


def rotation_grid(angles: torch.Tensor, size: int) -> torch.Tensor:
    """Sampling grids that rotate a (size, size) image by each angle about its centre."""
    cos, sin = angles.cos(), angles.sin()
    zero = torch.zeros_like(angles)
    theta = torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)
    return F.affine_grid(theta.float(), [len(angles), 1, size, size], align_corners=False)


def project(image: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """(n, size): the image rotated by each angle, summed down its columns (the rays)."""
    size = image.shape[-1]
    stack = image.float().expand(len(angles), 1, size, size)
    rotated = F.grid_sample(stack, rotation_grid(angles, size), align_corners=False)
    return rotated.sum(dim=2).squeeze(1)


def back_project(rows: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """(c, size, size): smear each (n, c, size) profile back along its rays and add them up."""
    count, channels, size = rows.shape
    smears = rows.unsqueeze(2).expand(count, channels, size, size)
    return F.grid_sample(smears, rotation_grid(-angles, size), align_corners=False).sum(dim=0)


def ramp_filter(rows: torch.Tensor) -> torch.Tensor:
    """Each profile convolved with the band-limited ramp (Ram-Lak), zero-padded to 2x."""
    size = rows.shape[-1]
    offsets = torch.arange(2 * size)
    offsets = torch.where(offsets < size, offsets, offsets - 2 * size).double()
    kernel = torch.where(offsets % 2 == 1, -1 / (math.pi * offsets) ** 2, 0.0)
    kernel[0] = 0.25
    spectrum = torch.fft.fft(rows, n=2 * size) * torch.fft.fft(kernel).real.float()
    return torch.fft.ifft(spectrum).real[..., :size]


def best_scale_error(estimate: torch.Tensor, truth: torch.Tensor) -> float:
    """Relative RMS error after the best brightness scale (plain back-projection has none)."""
    energy = estimate.square().sum()
    scale = (estimate * truth).sum() / energy if energy > 0 else estimate.new_tensor(0.0)
    return ((scale * estimate - truth).norm() / truth.norm()).item()


class Scan:
    """A scan at `n` evenly spaced angles over 180 degrees, acquired a chunk at a time."""

    def __init__(self, image: torch.Tensor, n: int) -> None:
        self.image, self.n, self.done = image, n, 0
        self.angles = torch.arange(n, dtype=torch.float64) * math.pi / n
        self.sinogram = torch.zeros(n, image.shape[-1])
        self.sums = torch.zeros(2, image.shape[-1], image.shape[-1])  # plain, filtered

    def acquire(self, count: int) -> None:
        angles = self.angles[self.done : self.done + count]
        rows = project(self.image, angles)
        self.sinogram[self.done : self.done + len(angles)] = rows
        self.sums += back_project(torch.stack([rows, ramp_filter(rows)], 1), angles)
        self.done += len(angles)

    def reconstruction(self, filtered: bool) -> torch.Tensor:
        """The back-projection so far, times pi / n (the integral over angle); 0 outside."""
        size = self.image.shape[-1]
        centres = (torch.arange(size) + 0.5) / size * 2 - 1
        inside = centres[:, None] ** 2 + centres[None, :] ** 2 <= 1
        return self.sums[int(filtered)] * math.pi / self.n * inside


class ImagesCtSinogram:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; every lesson seeds anyway
        self.truth = head_phantom(SIZE).float()
        self.n, self.filtered = int(config.angles), config.backprojection == "filtered"
        self.scan = Scan(self.truth, self.n)
        self.per_step = math.ceil(self.n / LIVE_STEPS)
        self.sweep: list[tuple[int, float, float]] = []  # N, plain error, filtered error
        self.sweep_scan = Scan(self.truth, SWEEP[0])
        self.steps = 0
        self.status = "running"

    def error(self) -> float:
        return best_scale_error(self.scan.reconstruction(self.filtered), self.truth)

    def step(self) -> bool:
        if self.status != "running":
            return False
        if self.scan.done < self.n:
            self.scan.acquire(self.per_step)
        else:
            self.sweep_scan.acquire(SWEEP_CHUNK)
            if self.sweep_scan.done >= self.sweep_scan.n:
                plain, filtered = (self.sweep_scan.reconstruction(f) for f in (False, True))
                errors = best_scale_error(plain, self.truth), best_scale_error(filtered, self.truth)
                self.sweep.append((self.sweep_scan.n, *errors))
                if len(self.sweep) < len(SWEEP):
                    self.sweep_scan = Scan(self.truth, SWEEP[len(self.sweep)])
                else:
                    self.status = "done"
        self.steps += 1
        return self.status == "running"
