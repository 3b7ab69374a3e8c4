"""Every plotext call lives here, so plotext can be replaced in one place.

`render(plot, width, height)` turns a demo's `Plot` (plain data) into lines of ANSI text. It
protects plotext from what crashes it (non-finite and huge values, empty ranges, log axes) and
keeps it fast (series are downsampled to about twice the plot's width).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotext as plt

from demos.base import Plot, Series

PALETTE = ("blue", "orange", "green", "magenta", "cyan", "red", "yellow", "gray")
BIGGEST = 1e150  # plotext overflows near 1e307; nothing a demo shows needs more
GREY_LEVELS = 12  # few enough that neighbouring cells share a colour (fewer bytes)
GREY_BASE, GREY_STRIDE = 232, 2  # xterm's 24-step grey ramp, every other step


def clean(
    xs: Sequence[float], ys: Sequence[float], xlog: bool, ylog: bool
) -> tuple[list[float], list[float]]:
    """Pairs that plotext can draw: finite, not huge, positive where the axis is log."""
    out_x: list[float] = []
    out_y: list[float] = []
    for x, y in zip(xs, ys, strict=False):
        x, y = float(x), float(y)
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        if xlog:
            if x <= 0:
                continue
            x = math.log10(x)
        if ylog:
            if y <= 0:
                continue
            y = math.log10(y)
        if abs(x) > BIGGEST or abs(y) > BIGGEST:
            continue
        out_x.append(x)
        out_y.append(y)
    return out_x, out_y


def downsample(xs: list[float], ys: list[float], limit: int) -> tuple[list[float], list[float]]:
    """At most about `limit` points, keeping each bucket's lowest and highest point."""
    n = len(xs)
    if n <= limit or limit < 4:
        return xs, ys
    buckets = limit // 2
    out_x: list[float] = []
    out_y: list[float] = []
    for b in range(buckets):
        lo, hi = b * n // buckets, (b + 1) * n // buckets
        chunk = range(lo, hi)
        i_min = min(chunk, key=ys.__getitem__)
        i_max = max(chunk, key=ys.__getitem__)
        for i in sorted({i_min, i_max}):
            out_x.append(xs[i])
            out_y.append(ys[i])
    if out_x[-1] != xs[-1]:
        out_x.append(xs[-1])
        out_y.append(ys[-1])
    return out_x, out_y


def span(values: Sequence[float], fixed: tuple[float, float] | None) -> tuple[float, float]:
    """Axis limits that are never empty (plotext crashes on xlim(a, a)) nor overflow."""
    lo, hi = sorted(fixed) if fixed else (min(values), max(values))
    if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(hi - lo)):
        lo, hi = min(values), max(values)
    if hi - lo < 1e-12 * max(1.0, abs(lo), abs(hi)):
        pad = max(abs(lo) * 0.05, 1e-9)
        return lo - pad, hi + pad
    return lo, hi


def log_ticks(lo: float, hi: float, most: int) -> tuple[list[float], list[str]]:
    """At most `most` ticks for an axis that holds log10 values, labelled with the values.

    Never more ticks than the axis has room for: plotext drops the extras, and which ones
    it drops varies from run to run.
    """
    most = max(2, most)
    first, last = math.ceil(lo), math.floor(hi)
    if last - first >= 1:
        stride = (last - first) // most + 1
        ticks = [float(t) for t in range(first, last + 1, stride)]
        return ticks, [f"1e{int(t)}" for t in ticks]
    ticks = [lo + (hi - lo) * i / (most - 1) for i in range(most)]
    return ticks, [f"{10**t:.2g}" for t in ticks]


def add_series(series: Series, color: str, xs: list[float], ys: list[float]) -> None:
    if series.kind == "bar":
        plt.bar(xs, ys, color=color, width=0.6)
    elif series.kind == "scatter":
        plt.scatter(xs, ys, color=color, marker="dot")
    else:
        plt.plot(xs, ys, color=color, marker="braille")


def series_color(plot: Plot, index: int) -> str:
    return plot.series[index].color or PALETTE[index % len(PALETTE)]


def header(plot: Plot, width: int) -> list[str]:
    """The title and a legend above the chart, so no legend box hides the data."""
    keys = [
        (("● " if s.kind == "scatter" else "━ ") + s.label, series_color(plot, i))
        for i, s in enumerate(plot.series)
        if s.label
    ]
    legend_width = sum(len(text) + 2 for text, _ in keys)
    legend = "  ".join(plt.colorize(text, color) for text, color in keys)
    title = plot.title[:width]
    if not keys:
        return [title.center(width).rstrip()] if title else []
    if len(title) + 3 + legend_width <= width:
        return [f"{title}   {legend}" if title else legend]
    lines = [title] if title else []
    line, used = "", 0
    for text, color in keys:  # wrap the legend; drop what does not fit in two lines
        if used and used + len(text) + 2 > width:
            lines.append(line)
            line, used = "", 0
        line += ("  " if used else "") + plt.colorize(text[: width - used], color)
        used += len(text) + 2
    lines.append(line)
    return lines[:3]


def clamp_into(values: list[float], lo: float, hi: float) -> list[float]:
    """Values pulled to within one axis-width of the limits: a line that leaves the plot
    still leaves it, but plotext never rasterises it across a huge range."""
    margin = hi - lo
    return [min(max(v, lo - margin), hi + margin) for v in values]


def draw_chart(plot: Plot, width: int, height: int) -> None:
    drawn: list[tuple[Series, str, list[float], list[float]]] = []
    for index, series in enumerate(plot.series):
        xs_raw = series.x if series.x is not None else tuple(range(len(series.y)))
        xs, ys = clean(xs_raw, series.y, plot.xlog, plot.ylog)
        if xs:
            xs, ys = downsample(xs, ys, width)  # plotext joins points with braille lines
            drawn.append((series, series_color(plot, index), xs, ys))
    if not drawn:
        empty = "no data yet" if not plot.series else "no finite values to draw"
        plt.text(empty, 0.5, 0.5, alignment="center")
        plt.xlim(0, 1)
        plt.ylim(0, 1)
        return
    all_x = [x for _, _, xs, _ in drawn for x in xs]
    all_y = [y for _, _, _, ys in drawn for y in ys]
    bars = any(series.kind == "bar" for series, *_ in drawn)
    if bars:  # plotext draws bars up from 0 and half a slot either side of x
        all_y.append(0.0)
        all_x += [min(all_x) - 0.5, max(all_x) + 0.5]
    xlim = span(all_x, None if plot.xlog else plot.xlim)
    ylim = span(all_y, None if plot.ylog else plot.ylim)
    if bars:
        ylim = (min(ylim[0], 0.0), max(ylim[1], 0.0))
    for series, color, xs, ys in drawn:
        add_series(series, color, clamp_into(xs, *xlim), clamp_into(ys, *ylim))
    plt.xlim(*xlim)
    plt.ylim(*ylim)
    for axis, is_log, (lo, hi) in (("x", plot.xlog, xlim), ("y", plot.ylog, ylim)):
        if is_log:
            most = min(6, width // 12) if axis == "x" else min(5, (height - 4) // 2 + 1)
            (plt.xticks if axis == "x" else plt.yticks)(*log_ticks(lo, hi, most))
    xlabel = plot.xlabel + (" (log)" if plot.xlog and plot.xlabel else "")
    ylabel = plot.ylabel + (" (log)" if plot.ylog and plot.ylabel else "")
    if xlabel:
        plt.xlabel(xlabel)
    if ylabel:
        plt.ylabel(ylabel)


def resample(image: Sequence[Sequence[float]], rows: int, cols: int) -> list[list[float]]:
    """Nearest-neighbour resize, enough for a terminal's few dozen cells."""
    height, width = len(image), len(image[0])
    return [
        [float(image[r * height // rows][c * width // cols]) for c in range(cols)]
        for r in range(rows)
    ]


def draw_image(plot: Plot, width: int, height: int) -> list[str]:
    """Grey levels with half blocks: each cell shows two pixels, top (fg) and bottom (bg).

    plotext's matrix_plot spends a whole cell per pixel; at 80x24 that leaves a 64x64 image
    a dozen pixels wide, so images are drawn here, as ANSI text like the charts.
    """
    assert plot.image is not None
    title = [plot.title[:width]] if plot.title else []
    cell_rows = max(1, height - len(title))
    aspect = len(plot.image[0]) / len(plot.image)
    cols = max(1, min(width, int(2 * cell_rows * aspect)))
    pixel_rows = max(2, min(2 * cell_rows, int(cols / aspect)))
    pixel_rows -= pixel_rows % 2
    grid = [
        [min(max(v, -BIGGEST), BIGGEST) for v in row]
        for row in resample(plot.image, pixel_rows, cols)
    ]
    finite = [v for row in grid for v in row if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    scale = (GREY_LEVELS - 1) / (hi - lo) if hi > lo else 0.0
    codes = [
        [GREY_BASE + int((v - lo) * scale) * GREY_STRIDE if math.isfinite(v) else 16 for v in row]
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
    if title:
        title = [title[0].center(cols).rstrip()]
    return title + lines


def render(plot: Plot, width: int, height: int) -> list[str]:
    """The plot as `height` lines of ANSI text at most `width` cells wide."""
    plt.clf()
    plt.theme("clear")
    plt.plotsize(width, height)
    if plot.image is not None:
        return draw_image(plot, width, height) if plot.image and plot.image[0] else []
    top = header(plot, width)
    if height - len(top) < 4:
        top = top[:1]
    plt.plotsize(width, max(1, height - len(top)))
    draw_chart(plot, width, height - len(top))
    return top + plt.build().split("\n")
