"""Rows of different lengths: pad them into one tensor, then mask the pads out of means and softmax.

Each step draws a new batch of rows (random lengths and values, seeded by seed and step),
pads it to max_len, and compares the true per-row means with the naive mean over the padded row
and the masked mean; or, in attention mode, the softmax over each padded row with and without
a mask. A row with no real elements is reported by name and never turned into NaN.
"""

from __future__ import annotations

import torch

from demos.base import Demo, Frame, Plot, Series, Values, fmt
from demos.specs.padding import TOPIC

BATCHES = 30  # batches shown (one per step) before the demo finishes


def sample_rows(
    rows: int, max_len: int, empty: bool, generator: torch.Generator
) -> list[torch.Tensor]:
    """Rows with lengths 1..max_len (one of them 0 if empty), values around a per-row level."""
    lengths = torch.randint(1, max_len + 1, (rows,), generator=generator)
    if empty:
        lengths[torch.randint(0, rows, (1,), generator=generator)] = 0
    levels = torch.rand(rows, generator=generator, dtype=torch.float64) * 4 - 1
    return [
        levels[r] + torch.randn(int(n), generator=generator, dtype=torch.float64)
        for r, n in enumerate(lengths.tolist())
    ]


def pad_rows(rows: list[torch.Tensor], width: int, pad: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(padded [R, width], mask [R, width]) where mask is True on real elements."""
    padded = torch.full((len(rows), width), pad, dtype=torch.float64)
    for r, row in enumerate(rows):
        padded[r, : len(row)] = row[:width]
    lengths = torch.tensor([min(len(row), width) for row in rows])
    mask = torch.arange(width) < lengths.unsqueeze(1)
    return padded, mask


def naive_mean(padded: torch.Tensor) -> torch.Tensor:
    """What .mean(dim=1) gives: the pads count as data."""
    return padded.mean(dim=1)


def masked_mean(padded: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(means, counts): sum of real entries / their count; 0 where a row has none (count 0)."""
    counts = mask.sum(dim=1)
    sums = torch.where(mask, padded, 0.0).sum(dim=1)
    return sums / counts.clamp(min=1), counts


def attention_weights(scores: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Softmax over each row; with a mask, pads get -inf (weight exactly 0).

    A row with no real element would be 0/0 = NaN; it gets all-zero weights instead.
    """
    if mask is None:
        return scores.softmax(dim=1)
    weights = scores.masked_fill(~mask, float("-inf")).softmax(dim=1)
    return torch.where(mask.any(dim=1, keepdim=True), weights, 0.0)


def empty_rows_text(counts: torch.Tensor, what: str) -> str:
    empty = [str(r) for r in (counts == 0).nonzero().flatten().tolist()]
    if not empty:
        return "none"
    return f"row {', '.join(empty)}: {what}" if len(empty) < 4 else f"{len(empty)} rows: {what}"


class PaddingDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.seed = seed
        self.attention = values["mode"] == "attention"
        self.rows = int(values["rows"])
        self.width = int(values["max_len"])
        self.pad = float(values["pad"])
        self.empty = bool(values["empty"])
        self.steps = 0
        self.worst_naive = 0.0
        self.worst_masked = 0.0
        self.worst_leak = 0.0
        self.status = "running"
        self.new_batch()

    def new_batch(self) -> None:
        generator = torch.Generator().manual_seed(self.seed * 100_003 + self.steps)
        self.data = sample_rows(self.rows, self.width, self.empty, generator)
        self.padded, self.mask = pad_rows(self.data, self.width, self.pad)
        self.counts = self.mask.sum(dim=1)
        self.real = self.counts > 0
        # the true mean of each non-empty row, straight from its own elements
        self.true = torch.stack(
            [row.mean() if len(row) else row.new_zeros(()) for row in self.data]
        )
        self.naive = naive_mean(self.padded)
        self.masked, _ = masked_mean(self.padded, self.mask)
        self.plain = attention_weights(self.padded)
        self.weights = attention_weights(self.padded, self.mask)
        self.naive_error = self.largest_error(self.naive)
        self.masked_error = self.largest_error(self.masked)
        leak = torch.where(self.mask, 0.0, self.plain).sum(dim=1)[self.real]  # no mask
        self.masked_leak = torch.where(self.mask, 0.0, self.weights).sum(dim=1).max().item()
        sums = self.weights.sum(dim=1)[self.real]
        self.sum_error = (sums - 1).abs().max().item() if len(sums) else 0.0
        self.worst_naive = max(self.worst_naive, self.naive_error)
        self.worst_masked = max(self.worst_masked, self.masked_error)
        self.worst_leak = max(self.worst_leak, leak.max().item() if len(leak) else 0.0)

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

    # --- frames ---------------------------------------------------------------------------
    def real_rows(self, values: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(x, y) of the rows that have elements: empty rows are left out, never NaN."""
        index = self.real.nonzero().flatten()
        return tuple(float(r) for r in index.tolist()), tuple(values[index].tolist())

    def frame(self) -> Frame:
        return self.attention_frame() if self.attention else self.means_frame()

    def means_frame(self) -> Frame:
        xs, true = self.real_rows(self.true)
        batch = Plot(
            title=f"padded batch (pad = {fmt(self.pad, 3)})",
            xlabel="position",
            ylabel="row",
            image=tuple(tuple(row) for row in self.padded.tolist()),
        )
        means = Plot(
            title="row means: true (bars), naive and masked",
            xlabel="row",
            series=(
                Series("true", true, xs, "bar", color="gray"),
                Series("naive", self.real_rows(self.naive)[1], xs, "scatter", color="red"),
                Series("masked", self.real_rows(self.masked)[1], xs, "scatter", color="green"),
            ),
        )
        padding = 1 - self.mask.double().mean().item()
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=self.means_message(),
            plots=(means, batch),  # the means first: the primary chart
            readouts=(
                ("max |naive - true|", fmt(self.naive_error, 3) if xs else "n/a"),
                ("max |masked - true|", fmt(self.masked_error, 2) if xs else "n/a"),
                ("worst naive, all batches", fmt(self.worst_naive, 3)),
                ("padding share", f"{padding:.0%}"),
                ("empty rows", empty_rows_text(self.counts, "no elements")),
            ),
        )

    def means_message(self) -> str:
        prefix = f"batch {self.steps + 1}/{BATCHES}: "
        if not self.real.any():
            return prefix + "every row is padding: there is no mean to take"
        if self.naive_error < 1e-9:
            return prefix + "no row is shorter than another here, so the naive mean is right"
        return prefix + f"the pads drag the naive mean off by up to {fmt(self.naive_error, 2)}"

    def attention_frame(self) -> Frame:
        gap = [[0.0] for _ in range(self.rows)]
        image = [
            plain + sep + masked
            for plain, sep, masked in zip(
                self.plain.tolist(), gap, self.weights.tolist(), strict=True
            )
        ]
        weights = Plot(
            title="attention: no mask | masked",
            xlabel="position",
            ylabel="row",
            image=tuple(tuple(row) for row in image),
        )
        xs, leak = self.real_rows(torch.where(self.mask, 0.0, self.plain).sum(dim=1))
        on_padding = Plot(
            title="weight on padding per row",
            xlabel="row",
            ylim=(0.0, 1.0),
            series=(
                Series("no mask", leak, xs, "bar", color="red"),
                Series("masked", tuple(0.0 for _ in xs), xs, "scatter", color="green"),
            ),
        )
        largest = max(leak, default=0.0)
        message = f"batch {self.steps + 1}/{BATCHES}: " + (
            f"no mask: up to {100 * largest:.3g}% of a row's attention is on pads; masked: 0"
            if self.real.any()
            else "every row is padding: masked rows get no weight at all"
        )
        return Frame(
            step=self.steps,
            status=self.status,  # type: ignore[arg-type]
            message=message,
            plots=(on_padding, weights),  # the leak per row first: the primary chart
            readouts=(
                ("pad weight, no mask", fmt(largest, 3) if xs else "n/a"),
                ("pad weight, masked", fmt(self.masked_leak, 3)),
                ("max |row sum - 1|", fmt(self.sum_error, 2)),
                ("worst leak, all batches", fmt(self.worst_leak, 3)),
                ("empty rows", empty_rows_text(self.counts, "no keys, weights 0")),
            ),
        )
