"""Images as terminal cells: area-averaged down to the cells' size, two pixels per cell.

Each cell is a half block "▀": its top pixel is the foreground colour, its bottom pixel the
background, in grey levels. Shrinking averages every source pixel a cell covers (weighted by
how much of it the cell covers), so thin bright lines stay visible as lighter cells instead of
appearing or vanishing by chance as a nearest-neighbour pick would make them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

BIGGEST = 1e150
GREY_LEVELS = 12  # few enough that neighbouring cells share a colour (fewer bytes)
GREY_BASE, GREY_STRIDE = 232, 2  # xterm's 24-step grey ramp, every other step
NOT_FINITE = 16  # black: a pixel that has no finite value
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def visible_width(line: str) -> int:
    return len(ANSI.sub("", line))


def pad(line: str, width: int) -> str:
    """`line` padded with spaces to `width` visible cells."""
    return line + " " * max(0, width - visible_width(line))


def weights(source: int, target: int) -> list[list[tuple[int, float]]]:
    """For each of `target` cells, the (source index, share) it covers; shares sum to 1."""
    out = []
    scale = source / target
    for t in range(target):
        start, end = t * scale, (t + 1) * scale
        row = []
        for s in range(math.floor(start), min(source, math.ceil(end))):
            share = min(end, s + 1) - max(start, s)
            if share > 1e-12:
                row.append((s, share / scale))
        out.append(row)
    return out


def area_average(image: Sequence[Sequence[float]], rows: int, cols: int) -> list[list[float]]:
    """`image` resized to rows x cols by area averaging; non-finite pixels are left out of
    each average (a cell with no finite pixel is nan)."""
    by_row, by_col = weights(len(image), rows), weights(len(image[0]), cols)
    clean = [[v if math.isfinite(v) and abs(v) <= BIGGEST else math.nan for v in r] for r in image]
    out = []
    for row_weights in by_row:
        line = []
        for col_weights in by_col:
            total = mass = 0.0
            for r, wr in row_weights:
                source = clean[r]
                for c, wc in col_weights:
                    v = source[c]
                    if v == v:  # not nan
                        total += v * wr * wc
                        mass += wr * wc
            line.append(total / mass if mass > 0 else math.nan)
        out.append(line)
    return out


def size_for(height: int, width: int, rows: int, cols: int) -> tuple[int, int]:
    """(pixel rows, cell columns) that fit rows x cols cells and keep the image's aspect
    (a cell is two pixels tall)."""
    aspect = width / height
    columns = max(1, min(cols, int(2 * rows * aspect)))
    pixel_rows = max(2, min(2 * rows, round(columns / aspect)))
    return pixel_rows + pixel_rows % 2, columns


def half_blocks(image: Sequence[Sequence[float]], cols: int, rows: int) -> list[str]:
    """At most rows lines of at most cols cells."""
    pixel_rows, columns = size_for(len(image), len(image[0]), rows, cols)
    pixel_rows = min(pixel_rows, 2 * rows)
    grid = area_average(image, pixel_rows, columns)
    finite = [v for row in grid for v in row if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    scale = (GREY_LEVELS - 1) / (hi - lo) if hi > lo and math.isfinite(hi - lo) else 0.0
    codes = [
        [
            GREY_BASE + min(GREY_LEVELS - 1, int((v - lo) * scale)) * GREY_STRIDE
            if math.isfinite(v)
            else NOT_FINITE
            for v in row
        ]
        for row in grid
    ]
    lines = []
    for top, bottom in zip(codes[0::2], codes[1::2], strict=True):
        parts, previous = [], None
        for pair in zip(top, bottom, strict=True):
            if pair != previous:
                parts.append(f"\x1b[38;5;{pair[0]};48;5;{pair[1]}m")
                previous = pair
            parts.append("▀")
        lines.append("".join(parts) + "\x1b[0m")
    return lines
