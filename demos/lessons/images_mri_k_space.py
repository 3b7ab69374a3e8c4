"""Question 2, mode "MRI k-space": an image held as its 2-D Fourier transform.

An MRI scanner measures the image's spatial frequencies (k-space), not its pixels; an inverse
FFT turns them back into an image. Keeping only the lowest frequencies (a disc at the centre of
k-space) keeps the shapes and loses the edges: the image blurs and rings. Each step sweeps one
more fraction kept, from 1 % to 100 %, and records the error of that reconstruction.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from demos.phantom import head_phantom


class Config(NamedTuple):
    keep: float = 8.0  # percent of k-space kept, the lowest frequencies first


SIZE = 64  # the phantom's side in pixels
SWEEP = tuple(10 ** (2 * i / 47) for i in range(48))  # percent kept, 1 % to 100 %


def kspace_mask(size: int, percent: float) -> torch.Tensor:
    """Keep the lowest frequencies (a centred disc) covering at least `percent` of k-space.
    Whole rings are kept, so the mask is symmetric under k -> -k and the inverse stays real."""
    freqs = torch.fft.fftfreq(size, dtype=torch.float64)
    radius = (freqs[:, None] ** 2 + freqs[None, :] ** 2).sqrt()
    count = min(size * size, max(1, round(percent / 100 * size * size)))
    threshold = radius.flatten().sort().values[count - 1]
    return radius <= threshold


def reconstruct(spectrum: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return torch.fft.ifft2(spectrum * mask).real


def relative_error(estimate: torch.Tensor, truth: torch.Tensor) -> float:
    """RMS error over RMS of the truth."""
    return ((estimate - truth).norm() / truth.norm()).item()


class ImagesMriKSpace:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; every lesson seeds anyway
        self.truth = head_phantom(SIZE)
        self.spectrum = torch.fft.fft2(self.truth)  # what the scanner measures
        self.mask = kspace_mask(SIZE, config.keep)
        self.kept = int(self.mask.sum().item())
        self.recon = reconstruct(self.spectrum, self.mask)
        self.error = relative_error(self.recon, self.truth)
        self.max_error = (self.recon - self.truth).abs().max().item()
        self.curve: list[tuple[float, float]] = []  # (percent kept, relative error)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        percent = SWEEP[len(self.curve)]
        recon = reconstruct(self.spectrum, kspace_mask(SIZE, percent))
        self.curve.append((percent, relative_error(recon, self.truth)))
        self.steps += 1
        if len(self.curve) == len(SWEEP):
            self.status = "done"
        return self.status == "running"
