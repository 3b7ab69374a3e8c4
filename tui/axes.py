"""Axis arithmetic for the charts, with no plotext in it: limits, cells, ticks and their labels.

A value maps to a cell by one rule (`Axis.cell`), used both to place the data and to place each
tick label, so a label sits on the row (or column) where a point of that value is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

LARGEST = 1e150  # axis limits stay within +-this (no demo shows more; plotext overflows)
LABEL_WIDTH = 7  # a tick label never takes more: 2.3e25, 1.5k, 0.001, -0.5
MIN_RELATIVE_SPAN = 1e-3  # an axis spans at least this fraction of its largest |value|
STEPS = (1.0, 2.0, 2.5, 5.0)  # nice tick steps, times a power of ten


@dataclass(frozen=True)
class Axis:
    """`cells` cells from `lo` (cell 0: bottom row or left column) to `hi`."""

    lo: float
    hi: float
    cells: int

    def position(self, value: float, factor: int = 1) -> int:
        """The sub-cell of `value` when each cell holds `factor` sub-cells (braille: 4 rows, 2
        columns), clamped into the axis. Cell = position // factor, for every factor."""
        last = self.cells * factor - 1
        scaled = (value - self.lo) / (self.hi - self.lo) * self.cells * factor
        if not math.isfinite(scaled):
            return 0 if scaled < 0 else last
        return min(max(math.floor(round(scaled, 9)), 0), last)

    def cell(self, value: float) -> int:
        return self.position(value, 1)

    def inside(self, value: float) -> bool:
        low, high = sorted((self.lo, self.hi))
        return low <= value <= high

    def centre(self, cell: int) -> float:
        """The value at the middle of a cell."""
        return self.lo + (cell + 0.5) * (self.hi - self.lo) / self.cells


def limits(
    values: Sequence[float], fixed: tuple[float, float] | None = None
) -> tuple[float, float]:
    """Axis limits: the fixed ones when usable, else the data's; never empty, never so narrow
    that labels need more than a few digits (a single point or constant data gets a sane span)."""
    if fixed is not None and all(math.isfinite(v) for v in fixed) and fixed[0] != fixed[1]:
        lo, hi = sorted(fixed)
    elif values:
        lo, hi = min(values), max(values)
    else:
        lo, hi = 0.0, 1.0
    lo, hi = (min(max(v, -LARGEST), LARGEST) for v in (lo, hi))  # ticks and steps stay finite
    size = max(abs(lo), abs(hi))
    middle = (lo + hi) / 2
    if hi - lo <= 1e-9 * size or size == 0:  # one value: a round span around it
        if middle == 0:
            return -1.0, 1.0
        half = 10 ** math.floor(math.log10(abs(middle))) / 2  # 3 -> 2.5..3.5, 0.72 -> 0.67..0.77
        return middle - half, middle + half
    least = MIN_RELATIVE_SPAN * size  # nearly one value: as wide as a 7-character label resolves
    if hi - lo < least:
        return middle - least / 2, middle + least / 2
    return lo, hi


def zero_on_boundary(lo: float, hi: float, cells: int) -> tuple[float, float]:
    """Limits widened just enough that zero falls between two cells (bars then start exactly
    at a cell's edge)."""
    if not (lo < 0 < hi) or cells < 2:
        return lo, hi
    below = min(cells - 1, max(1, round(-lo / (hi - lo) * cells)))
    height = max(-lo / below, hi / (cells - below))
    return -below * height, (cells - below) * height


def decimals(step: float) -> int:
    """Digits after the point that write every multiple of `step` exactly (to 1e-9)."""
    for digits in range(0, 12):
        if abs(round(step, digits) - step) <= 1e-9 * abs(step):
            return digits
    return 12


def compact(value: float, step: float = 0.0) -> str:
    """A short label for a tick at `value` among ticks `step` apart: 2.3e25, 1.5k, 0.001, -0.5.

    Exact for multiples of `step` when it fits in LABEL_WIDTH; otherwise the shortest honest
    rounding (the caller then picks a coarser step)."""
    if value == 0 or (step and abs(value) < step * 1e-9):
        return "0"
    step = abs(step) or abs(value) / 10
    size = abs(value)
    if 1e-3 <= size < 1e3:
        return f"{value:.{decimals(step)}f}"
    for suffix, unit in (("k", 1e3), ("M", 1e6)):
        if unit <= size < unit * 1e3:
            text = f"{value / unit:.{decimals(step / unit)}f}"
            if len(text) + 1 <= LABEL_WIDTH and text.lstrip("-") != "1000":
                return text + suffix
    digits = max(0, min(4, exponent_of(value) - exponent_of(step)))
    if digits < 4 and f"{abs(step):.1e}"[2] != "0":  # a step of 2.5e24 needs one more digit
        digits += 1
    while True:
        mantissa, exponent = f"{value:.{digits}e}".split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
        if len(text) <= LABEL_WIDTH or digits == 0:
            return text
        digits -= 1


def exponent_of(value: float) -> int:
    """The power of ten of `value` as printed (works for subnormal numbers too)."""
    return int(f"{value:.12e}".split("e")[1])


def spaced(cells: list[int], gap: int) -> bool:
    return all(b - a >= gap for a, b in pairwise(cells))


def nice_steps(smallest: float) -> list[float]:
    """Nice steps (1, 2, 2.5, 5 times a power of ten) from about `smallest` upward."""
    power = 10.0 ** math.floor(math.log10(smallest)) if smallest > 0 else 1.0
    out = []
    for scale in (power / 10, power, power * 10, power * 100, power * 1000):
        out += [s * scale for s in STEPS]
    return [s for s in out if s >= smallest * 0.999] or [smallest]


Candidate = tuple[list[float], list[float], list[str]]  # positions on the axis, values, labels


def parse(label: str) -> float:
    """A compact label read back: 1.5k -> 1500.0."""
    scale = {"k": 1e3, "M": 1e6}.get(label[-1:], 1.0)
    return float(label[:-1] if scale != 1.0 else label) * scale


def exact(values: list[float], texts: list[str]) -> bool:
    """Every label says its value (to a millionth of the gap between ticks)."""
    gap = min((abs(b - a) for a, b in pairwise(values)), default=abs(values[0]) or 1.0)
    return all(abs(parse(t) - v) <= 1e-6 * gap for v, t in zip(values, texts, strict=True))


def choose(axis: Axis, candidates: list[Candidate], most: int, gap: int) -> list[tuple[int, str]]:
    """The first candidate of 2 to `most` ticks `gap` cells apart whose labels fit and differ;
    failing that, the first of 2 ticks at least a cell apart; failing that, a single tick."""
    for need, room in ((2, gap), (2, 1), (1, gap)):
        for positions, values, texts in candidates:
            if not need <= len(positions) <= most:
                continue
            cells = [axis.cell(p) for p in positions]
            if (
                spaced(cells, max(1, room))
                and len(set(texts)) == len(texts)
                and all(len(t) <= LABEL_WIDTH for t in texts)
                and exact(values, texts)
            ):
                return list(zip(cells, texts, strict=True))
    return []


def multiples(lo: float, hi: float, step: float) -> list[float]:
    return [k * step for k in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1)]


def ticks(
    axis: Axis,
    most: int,
    gap: int,
    label: Callable[[float, float], str] = compact,
    whole: bool = False,
) -> list[tuple[int, str]]:
    """(cell, label) of at most `most` ticks at round values, at least `gap` cells apart, whose
    labels fit and differ. Each label is on the cell of its exact value. With `whole`, only
    whole numbers (the axis counts things: bars at 0, 1, 2...)."""
    lo, hi = sorted((axis.lo, axis.hi))
    span = hi - lo
    if span <= 0 or most < 1:
        return []
    candidates = []
    for step in nice_steps(span / max(most, 1)):
        if whole and step != round(step):
            continue
        values = multiples(lo, hi, step)
        candidates.append((values, values, [label(v, step) for v in values]))
    chosen = choose(axis, candidates, most, gap)
    if chosen:
        return chosen
    middle = (lo + hi) / 2  # no round value fits: label the middle, as exactly as fits
    return [(axis.cell(middle), compact(middle, span / 100))]


def log_ticks(axis: Axis, most: int, gap: int) -> list[tuple[int, str]]:
    """Ticks of an axis holding log10(value): powers of ten (every one, or every 2nd, 3rd...),
    else 1-2-5 values, else round values of the value itself."""
    lo, hi = sorted((axis.lo, axis.hi))
    candidates: list[Candidate] = []
    powers = list(range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1))
    for stride in range(1, len(powers) + 1):
        picked = [float(p) for p in powers[::stride]]
        values = [10.0**p for p in picked]
        candidates.append((picked, values, [compact(v, v) for v in values]))
    one_two_five = [
        math.log10(m * 10.0**p)
        for p in range(math.floor(lo) - 1, math.ceil(hi) + 1)
        for m in (1, 2, 5)
        if lo - 1e-9 <= math.log10(m * 10.0**p) <= hi + 1e-9
    ]
    values = [10**v for v in one_two_five]
    candidates.append((one_two_five, values, [compact(v, v) for v in values]))
    for step in nice_steps((10**hi - 10**lo) / max(most, 1)):
        values = [v for v in multiples(10**lo, 10**hi, step) if v > 0]
        texts = [compact(v, step) for v in values]
        candidates.append(([math.log10(v) for v in values], values, texts))
    return choose(axis, candidates, most, gap)
