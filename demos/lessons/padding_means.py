"""Question 7, mode "means": rows of different lengths, padded into one tensor, then averaged.

A tensor must be rectangular, so short rows are padded to the longest. `padded.mean(dim=1)` then
counts the pads as data and drags each short row's mean toward the pad value. A boolean mask
(True on real elements) fixes it: sum the real entries, divide by their count. A row with no
real element has no mean; it is reported by name, never turned into 0/0 = NaN.
"""

from __future__ import annotations

from typing import NamedTuple

import torch


class Config(NamedTuple):
    rows: int = 6  # sequences in the batch
    max_len: int = 12  # lengths are 1 to this
    pad: float = 0.0  # what fills the gaps
    empty: bool = False  # make one row all padding


BATCHES = 30  # batches shown, one per step


def sample_rows(
    rows: int, max_len: int, empty: bool, generator: torch.Generator
) -> list[torch.Tensor]:
    """Rows of lengths 1..max_len (one of them 0 if empty), values around a per-row level."""
    lengths = torch.randint(1, max_len + 1, (rows,), generator=generator)
    if empty:
        lengths[torch.randint(0, rows, (1,), generator=generator)] = 0
    levels = torch.rand(rows, generator=generator, dtype=torch.float64) * 4 - 1
    return [
        levels[r] + torch.randn(int(n), generator=generator, dtype=torch.float64)
        for r, n in enumerate(lengths.tolist())
    ]


def pad_rows(rows: list[torch.Tensor], width: int, pad: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(padded [R, width], mask [R, width]), the mask True on real elements."""
    padded = torch.full((len(rows), width), pad, dtype=torch.float64)
    for r, row in enumerate(rows):
        padded[r, : len(row)] = row[:width]
    lengths = torch.tensor([min(len(row), width) for row in rows])
    return padded, torch.arange(width) < lengths.unsqueeze(1)


def masked_mean(padded: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Sum of the real entries over their count; 0 for a row with none."""
    sums = padded.masked_fill(~mask, 0.0).sum(dim=1)
    return sums / mask.sum(dim=1).clamp(min=1)


class PaddingMeans:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed, self.pad, self.empty = seed, config.pad, config.empty
        self.rows, self.width = int(config.rows), int(config.max_len)
        self.worst_naive = 0.0  # over all batches so far
        self.steps = 0
        self.status = "running"
        self.new_batch()

    def new_batch(self) -> None:
        generator = torch.Generator().manual_seed(self.seed * 100_003 + self.steps)
        self.data = sample_rows(self.rows, self.width, self.empty, generator)
        self.padded, self.mask = pad_rows(self.data, self.width, self.pad)
        self.counts = self.mask.sum(dim=1)
        self.real = self.counts > 0  # rows with at least one element
        self.true = torch.stack(
            [row.mean() if len(row) else row.new_zeros(()) for row in self.data]
        )
        self.naive = self.padded.mean(dim=1)  # the pads count as data
        self.masked = masked_mean(self.padded, self.mask)
        self.naive_error = self.largest_error(self.naive)
        self.masked_error = self.largest_error(self.masked)
        self.worst_naive = max(self.worst_naive, self.naive_error)

    def largest_error(self, estimate: torch.Tensor) -> float:
        if not self.real.any():
            return 0.0
        return (estimate - self.true)[self.real].abs().max().item()

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        self.new_batch()
        if self.steps >= BATCHES - 1:
            self.status = "done"
        return self.status == "running"
