"""Question 7, mode "attention": a softmax over padded rows, with and without a mask.

Attention turns each row of scores into weights with a softmax. Over a padded row, the pads get
weight too: the model attends to nothing. The fix is `masked_fill(~mask, -inf)` before the
softmax, which gives the pads weight exactly 0 and the real elements weights that sum to 1. A
row with no real element would be -inf everywhere, 0/0 = NaN: it gets all-zero weights instead.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from demos.lessons.padding_means import pad_rows, sample_rows


class Config(NamedTuple):
    rows: int = 6  # sequences in the batch
    max_len: int = 12  # lengths are 1 to this
    pad: float = 0.0  # what fills the gaps (the pads' scores)
    empty: bool = False  # make one row all padding


BATCHES = 30  # batches shown, one per step


def attention_weights(scores: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Softmax over each row; with a mask, the pads get -inf first (weight exactly 0)."""
    if mask is None:
        return scores.softmax(dim=1)
    weights = scores.masked_fill(~mask, float("-inf")).softmax(dim=1)
    return torch.where(mask.any(dim=1, keepdim=True), weights, 0.0)  # empty rows: 0, not NaN


class PaddingAttention:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed, self.pad, self.empty = seed, config.pad, config.empty
        self.rows, self.width = int(config.rows), int(config.max_len)
        self.worst_leak = 0.0  # over all batches so far
        self.steps = 0
        self.status = "running"
        self.new_batch()

    def new_batch(self) -> None:
        generator = torch.Generator().manual_seed(self.seed * 100_003 + self.steps)
        data = sample_rows(self.rows, self.width, self.empty, generator)
        self.scores, self.mask = pad_rows(data, self.width, self.pad)
        self.counts = self.mask.sum(dim=1)
        self.real = self.counts > 0  # rows with at least one element
        self.plain = attention_weights(self.scores)
        self.weights = attention_weights(self.scores, self.mask)
        self.leak = self.plain.masked_fill(self.mask, 0.0).sum(dim=1)  # weight on pads, no mask
        self.masked_leak = self.weights.masked_fill(self.mask, 0.0).sum(dim=1).max().item()
        sums = self.weights.sum(dim=1)[self.real]
        self.sum_error = (sums - 1).abs().max().item() if len(sums) else 0.0
        leaks = self.leak[self.real]
        self.worst_leak = max(self.worst_leak, leaks.max().item() if len(leaks) else 0.0)

    def step(self) -> bool:
        if self.status != "running":
            return False
        self.steps += 1
        self.new_batch()
        if self.steps >= BATCHES - 1:
            self.status = "done"
        return self.status == "running"
