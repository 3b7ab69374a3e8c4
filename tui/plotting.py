"""Every plotext call lives here, so plotext can be replaced in one place.

`render(plot, width, height, dark)` turns a demo's `Plot` (plain data) into lines of ANSI text.
plotext only rasterises the data area (lines in braille or blocks, markers); this module decides
where each value goes (tui/axes.py, one rule for data and tick labels, so a label sits on the row
of its value), draws the axes and their compact labels, the legend, bars (from zero, in eighths of
a cell) and images (area-averaged, tui/pixels.py). Values beyond a fixed range are drawn at the
edge with an arrow. It protects plotext from what crashes it (non-finite and huge values, log
axes) and keeps it fast (lines are downsampled to about one point a column).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import plotext as plt

from demos.base import Plot, Series
from tui import axes, pixels
from tui.axes import Axis

BIGGEST = 1e150  # plotext overflows near 1e307; nothing a demo shows needs more
SMALLEST = 1 / BIGGEST  # smallest value on a log axis (so 10**tick never underflows)
MIN_ROWS, MIN_COLUMNS = 4, 10  # a data area smaller than this cannot show a shape honestly
IMAGE_MIN_ROWS, IMAGE_MIN_COLUMNS = 4, 8

# xterm-256 colours with a contrast of at least 3:1 against textual-dark's background and surface
# (#121212, #1E1E1E) or textual-light's (#E0E0E0, #D8D8D8); tests/tui/test_chart_truth checks it.
# Not the 16 ANSI colours: a theme remaps those (MONOKAI draws red and magenta alike).
COLORS_DARK = {
    "blue": 75, "orange": 208, "green": 77, "magenta": 170,
    "cyan": 44, "red": 203, "yellow": 221, "gray": 245,
}  # fmt: skip
COLORS_LIGHT = {
    "blue": 25, "orange": 130, "green": 28, "magenta": 127,
    "cyan": 30, "red": 160, "yellow": 94, "gray": 241,
}  # fmt: skip
PALETTE = ("blue", "orange", "green", "magenta", "cyan", "red", "yellow", "gray")

# Each series of a chart gets its own marker, so series differ without colour (NO_COLOR, or a
# 16-colour terminal that maps two colours to one).
LINE_MARKERS = ("braille", "hd", "+", "x", "·", "*", "o", "◆")  # "+" after "hd": unlike braille
POINT_MARKERS = ("•", "x", "o", "+", "*", "◆", "■", "□")  # not ▲▼: those mark clipping
BAR_MARKERS = ("█", "▒", "░", "#")
SUBCELLS = {"braille": (2, 4), "hd": (2, 2)}  # (columns, rows) of dots in a cell
LEGEND_GLYPH = {"braille": "⠤⠤", "hd": "▄▄"}
EIGHTHS = " ▁▂▃▄▅▆▇█"  # a bar's top cell, in eighths of a row
CLIP_UP, CLIP_DOWN, CLIP_LEFT, CLIP_RIGHT = "▲", "▼", "◀", "▶"


def words(text: str, width: int) -> list[str]:
    """`text` wrapped at spaces into lines of at most `width` (a longer word is left out)."""
    lines: list[str] = []
    for word in text.split():
        if len(word) > width:
            continue
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class TooSmall(Exception):
    """The chart cannot be drawn honestly in the space given."""


@dataclass(frozen=True)
class Look:
    marker: str  # a plotext marker name ("braille", "hd") or a character
    color: int  # xterm-256 colour
    glyph: str  # what the legend shows

    @property
    def subcells(self) -> tuple[int, int]:
        return SUBCELLS.get(self.marker, (1, 1))


def looks(plot: Plot, dark: bool = True) -> list[Look]:
    """Marker and colour of each series: its own if set, else the first free one of its kind."""
    colors = COLORS_DARK if dark else COLORS_LIGHT
    taken = {s.marker for s in plot.series if s.marker}
    if any(s.kind == "bar" for s in plot.series):
        taken.add("hd")  # its blocks would look like bars
    out = []
    for index, series in enumerate(plot.series):
        marker = series.marker
        if not marker:
            choices = {"bar": BAR_MARKERS, "scatter": POINT_MARKERS}.get(series.kind, LINE_MARKERS)
            marker = next((m for m in choices if m not in taken), choices[index % len(choices)])
            taken.add(marker)
        name = series.color if series.color in colors else PALETTE[index % len(PALETTE)]
        glyph = LEGEND_GLYPH.get(marker, marker * (1 if series.kind == "scatter" else 2))
        out.append(Look(marker, colors[name], glyph))
    return out


def clean(
    xs: Sequence[float], ys: Sequence[float], xlog: bool, ylog: bool
) -> tuple[list[float], list[float]]:
    """Pairs that can be drawn: finite, not huge, positive where the axis is log (as log10;
    values below SMALLEST are left out there)."""
    out_x: list[float] = []
    out_y: list[float] = []
    for x, y in zip(xs, ys, strict=False):
        x, y = float(x), float(y)
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        if abs(x) > BIGGEST or abs(y) > BIGGEST:
            continue
        if xlog:
            if x < SMALLEST:
                continue
            x = math.log10(x)
        if ylog:
            if y < SMALLEST:
                continue
            y = math.log10(y)
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


def legend_entries(plot: Plot, marks: list[Look]) -> list[tuple[str, int]]:
    return [
        (f"{look.glyph} {series.label}", look.color)
        for series, look in zip(plot.series, marks, strict=True)
        if series.label
    ]


def header(plot: Plot, width: int, marks: list[Look]) -> list[str]:
    """The title and a legend above the chart, so no legend box hides the data. Entries that
    do not fit in two lines are left out whole, never cut."""
    keys = [(text, color) for text, color in legend_entries(plot, marks) if len(text) <= width]
    title = plot.title if len(plot.title) <= width else plot.title[: width - 1].rsplit(" ", 1)[0]
    if not keys:
        return [title.center(width).rstrip()] if title else []
    legend_width = sum(len(text) + 2 for text, _ in keys) - 2
    legend = "  ".join(plt.colorize(text, color) for text, color in keys)
    if title and len(title) + 3 + legend_width <= width:
        return [f"{title}   {legend}"]
    if not title and legend_width <= width:
        return [legend]
    lines = [title] if title else []
    line, used = "", 0
    for text, color in keys:
        if used and used + 2 + len(text) > width:
            if len(lines) == (2 if title else 1):
                break
            lines.append(line)
            line, used = "", 0
        line += ("  " if used else "") + plt.colorize(text, color)
        used += (2 if used else 0) + len(text)
    lines.append(line)
    return lines[:3]


@dataclass
class Drawn:
    """One series, cleaned, with its look."""

    series: Series
    look: Look
    xs: list[float]
    ys: list[float]


def prepare(plot: Plot, marks: list[Look], columns: int) -> list[Drawn]:
    out = []
    for series, look in zip(plot.series, marks, strict=True):
        xs_raw = series.x if series.x is not None else tuple(range(len(series.y)))
        xs, ys = clean(xs_raw, series.y, plot.xlog, plot.ylog)
        if xs and series.kind != "bar":
            xs, ys = downsample(xs, ys, columns)  # min and max of each pair of columns
        if xs:
            out.append(Drawn(series, look, xs, ys))
    return out


def bar_slot(drawn: list[Drawn]) -> float:
    """The x distance between neighbouring bars (1 for a single bar)."""
    xs = sorted({x for d in drawn if d.series.kind == "bar" for x in d.xs})
    gaps = [b - a for a, b in pairwise(xs) if b > a]
    return min(gaps) if gaps else 1.0


def axis_limits(plot: Plot, drawn: list[Drawn]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The axes' ranges: the data's (a series drawn `behind` does not count), or the plot's."""
    counted = [d for d in drawn if not d.series.behind] or drawn
    all_x = [x for d in counted for x in d.xs]
    all_y = [y for d in counted for y in d.ys]
    if any(d.series.kind == "bar" for d in drawn):
        half = bar_slot(drawn) / 2
        all_x += [min(all_x) - half, max(all_x) + half]
        all_y.append(0.0)  # bars stand on zero
    xlim = axes.limits(all_x, None if plot.xlog else plot.xlim)
    ylim = axes.limits(all_y, None if plot.ylog else plot.ylim)
    return xlim, ylim


def clip_line(
    xs: list[float], ys: list[float], xaxis: Axis, yaxis: Axis
) -> tuple[list[float], list[float]]:
    """The polyline with a point added where it crosses an edge of the y range, so the drawn
    part keeps its true slope up to the edge (the part beyond runs along it, under arrows)."""
    if not xs:
        return xs, ys
    low, high = sorted((yaxis.lo, yaxis.hi))
    out_x, out_y = [xs[0]], [ys[0]]
    for i in range(len(xs) - 1):
        x0, y0, x1, y1 = xs[i], ys[i], xs[i + 1], ys[i + 1]
        for edge in (low, high) if y1 > y0 else (high, low):
            if (y0 - edge) * (y1 - edge) < 0:
                t = (edge - y0) / (y1 - y0)
                out_x.append(x0 + t * (x1 - x0))
                out_y.append(edge)
        out_x.append(x1)
        out_y.append(y1)
    return out_x, out_y


def clip_arrows(
    xs: list[float], ys: list[float], xaxis: Axis, yaxis: Axis
) -> dict[tuple[int, int], str]:
    """An arrow on the edge cell of every value beyond the axes' range."""
    arrows: dict[tuple[int, int], str] = {}
    for x, y in zip(xs, ys, strict=True):
        column, row = xaxis.cell(x), yaxis.cell(y)
        if not yaxis.inside(y):
            arrows[(column, row)] = (
                CLIP_UP if (y > yaxis.hi) == (yaxis.hi > yaxis.lo) else CLIP_DOWN
            )
        elif not xaxis.inside(x):
            high = (x > xaxis.hi) == (xaxis.hi > xaxis.lo)
            arrows[(column, row)] = CLIP_RIGHT if high else CLIP_LEFT
    return arrows


def bar_cells(d: Drawn, slot: float, xaxis: Axis, yaxis: Axis) -> dict[tuple[int, int], str]:
    """The cells of each bar, from zero to its value. A zero bar has no cells; the first bar
    series tops its bars in eighths of a row (at least one), others fill cells at least half
    covered."""
    cells: dict[tuple[int, int], str] = {}
    row_height = (yaxis.hi - yaxis.lo) / yaxis.cells
    eighths = d.look.marker == "█"
    for x, y in zip(d.xs, d.ys, strict=True):
        first = xaxis.cell(x - 0.3 * slot)
        last = max(first, xaxis.cell(x + 0.3 * slot))
        low, high = sorted((0.0, y))
        for row in range(yaxis.cells):
            bottom = yaxis.lo + row * row_height
            covered = (min(high, bottom + row_height) - max(low, bottom)) / row_height
            if covered <= 0:
                continue
            if eighths and y > 0:  # at least an eighth: a bar that is not zero shows
                mark = EIGHTHS[max(1, min(8, round(covered * 8)))]
            elif eighths:  # hanging down from zero: a half block at the end
                mark = "█" if covered > 0.75 else "▀" if covered >= 0.25 else " "
            else:
                mark = d.look.marker if covered >= 0.5 else " "
            if mark != " ":
                for column in range(first, last + 1):
                    cells[(column, row)] = mark
        if not yaxis.inside(y):
            for column in range(first, last + 1):
                cells[(column, yaxis.cell(y))] = CLIP_UP if y > 0 else CLIP_DOWN
    return cells


def put_cells(cells: dict[tuple[int, int], str], color: int, columns: int, rows: int) -> None:
    if cells:
        plt.scatter(
            [c / (columns - 1) for c, _ in cells],
            [r / (rows - 1) for _, r in cells],
            marker=list(cells.values()),
            color=color,
        )


def draw_series(d: Drawn, xaxis: Axis, yaxis: Axis, slot: float) -> None:
    """One series onto plotext's canvas, at the sub-cells computed here: plotext's own axis
    limits are (0, 1) and every coordinate lands exactly on the sub-cell chosen."""
    columns, rows = xaxis.cells, yaxis.cells
    if d.series.kind == "bar":
        put_cells(bar_cells(d, slot, xaxis, yaxis), d.look.color, columns, rows)
        return
    fx, fy = d.look.subcells
    xs, ys = (d.xs, d.ys) if d.series.kind == "scatter" else clip_line(d.xs, d.ys, xaxis, yaxis)
    if d.series.behind:  # a reference only: what lies beyond the axes is left out, unmarked
        for run in inside_runs(xs, ys, xaxis, yaxis):
            rx = [xaxis.position(x, fx) / (columns * fx - 1) for x, _ in run]
            ry = [yaxis.position(y, fy) / (rows * fy - 1) for _, y in run]
            plt.plot(rx, ry, marker=d.look.marker, color=d.look.color)
        return
    px = [xaxis.position(x, fx) / (columns * fx - 1) for x in xs]
    py = [yaxis.position(y, fy) / (rows * fy - 1) for y in ys]
    arrows = clip_arrows(d.xs, d.ys, xaxis, yaxis)
    if d.series.kind == "scatter":
        keep = [
            i
            for i, (x, y) in enumerate(zip(xs, ys, strict=True))
            if xaxis.inside(x) and yaxis.inside(y)
        ]
        px, py = [px[i] for i in keep], [py[i] for i in keep]
        if px:
            plt.scatter(px, py, marker=d.look.marker, color=d.look.color)
    else:
        plt.plot(px, py, marker=d.look.marker, color=d.look.color)
    put_cells(arrows, d.look.color, columns, rows)


def inside_runs(
    xs: list[float], ys: list[float], xaxis: Axis, yaxis: Axis
) -> list[list[tuple[float, float]]]:
    """The stretches of a polyline (already cut at the y edges) that lie inside both axes."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if xaxis.inside(x) and yaxis.inside(y):
            runs[-1].append((x, y))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def canvas(drawn: list[Drawn], xaxis: Axis, yaxis: Axis) -> list[str]:
    """The data area, columns x rows cells of ANSI text (top row first)."""
    plt.clf()
    plt.theme("clear")
    plt.limitsize(False, False)  # else plotext squeezes a canvas wider than the terminal
    plt.plotsize(xaxis.cells, yaxis.cells)
    plt.xaxes(False, False)
    plt.yaxes(False, False)
    plt.xticks([])
    plt.yticks([])
    plt.xlim(0, 1)
    plt.ylim(0, 1)
    slot = bar_slot(drawn)
    for d in sorted(drawn, key=lambda d: not d.series.behind):  # references first, underneath
        draw_series(d, xaxis, yaxis, slot)
    lines = plt.build().split("\n")[: yaxis.cells]
    return [pixels.pad(line, xaxis.cells) for line in lines] + [" " * xaxis.cells] * (
        yaxis.cells - len(lines)
    )


def tick_marks(
    axis: Axis, log: bool, most: int, gap: int, whole: bool = False
) -> list[tuple[int, str]]:
    return axes.log_ticks(axis, most, gap) if log else axes.ticks(axis, most, gap, whole=whole)


def label_row(plot: Plot, width: int, left: int) -> list[str]:
    """The axis names under the x tick labels: y's at the left, x's centred under the data."""
    ylabel = plot.ylabel + (" (log)" if plot.ylog and plot.ylabel else "")
    xlabel = plot.xlabel + (" (log)" if plot.xlog and plot.xlabel else "")
    ytext = f"↑ {ylabel}" if ylabel else ""
    xtext = f"{xlabel} →" if xlabel else ""
    ytext, xtext = (text if len(text) <= width else "" for text in (ytext, xtext))  # never cut
    if not (ytext or xtext):
        return []
    if len(ytext) + len(xtext) + 2 > width:
        return [text for text in (ytext, xtext.rjust(width)) if text.strip()]
    start = max(len(ytext) + 2, left + (width - left - len(xtext)) // 2)
    start = min(start, width - len(xtext))
    return [(ytext.ljust(start) + xtext).rstrip()]


def chart(plot: Plot, width: int, height: int, dark: bool) -> list[str]:
    marks = looks(plot, dark)
    top = header(plot, width, marks)
    drawn = prepare(plot, marks, width)
    if not drawn:
        anything = any(len(series.y) for series in plot.series)
        empty = words("no finite values to draw" if anything else "no data yet", width)
        if len(top) + len(empty) > height:
            top = top[:1]
        if len(top) + len(empty) > height:
            raise TooSmall
        above = [""] * ((height - len(top) - len(empty)) // 2)
        return top + above + [line.center(width).rstrip() for line in empty]
    names = label_row(plot, width, 8)
    rows = height - len(top) - 2 - len(names)  # minus the x axis and its tick labels
    if rows < MIN_ROWS:
        names = []
        rows = height - len(top) - 2
    if rows < MIN_ROWS and len(top) > 1:
        top = top[:1]
        rows = height - 3
    if rows < MIN_ROWS:
        raise TooSmall
    xlim, ylim = axis_limits(plot, drawn)
    if any(d.series.kind == "bar" for d in drawn):
        ylim = axes.zero_on_boundary(*ylim, rows)
    yaxis = Axis(*ylim, rows)
    gap = 2 if rows >= 5 else 1  # a free row between labels, when there is room
    yticks = tick_marks(yaxis, plot.ylog, min(6, rows // gap + gap - 1), gap)
    left = max((len(text) for _, text in yticks), default=1)
    columns = width - left - 1
    if columns < MIN_COLUMNS:
        raise TooSmall
    xaxis = Axis(*xlim, columns)
    bars = [d for d in drawn if d.series.kind == "bar"]
    counted = bool(bars) and all(float(x).is_integer() for d in bars for x in d.xs)
    xticks = tick_marks(xaxis, plot.xlog, max(1, columns // 9), axes.LABEL_WIDTH + 2, counted)
    labels = dict(yticks)
    body = canvas(drawn, xaxis, yaxis)
    lines = []
    for index, line in enumerate(body):
        row = rows - 1 - index
        mark = "┤" if row in labels else "│"
        lines.append(labels.get(row, "").rjust(left) + mark + line)
    axis_line = list("─" * columns)
    tick_line = [" "] * columns
    for column, text in xticks:  # a tick whose label does not fit is left out whole
        start = min(max(0, column - len(text) // 2), columns - len(text))
        if all(c == " " for c in tick_line[max(0, start - 1) : start + len(text) + 1]):
            tick_line[start : start + len(text)] = text
            axis_line[column] = "┬"
    lines.append(" " * left + "└" + "".join(axis_line))
    lines.append((" " * (left + 1) + "".join(tick_line)).rstrip())
    return top + lines + [line.rstrip() for line in label_row(plot, width, left + 1)][: len(names)]


def image(plot: Plot, width: int, height: int) -> list[str]:
    assert plot.image is not None
    title = [plot.title.center(width).rstrip()] if plot.title else []
    if len(plot.title) > width:
        title = [plot.title[: width - 1].rsplit(" ", 1)[0]]
    rows = height - len(title)
    if rows < IMAGE_MIN_ROWS or width < IMAGE_MIN_COLUMNS:
        raise TooSmall
    lines = pixels.half_blocks(plot.image, width, rows)
    if title:
        title = [title[0].strip().center(pixels.visible_width(lines[0])).rstrip()]
    return title + lines


def render(plot: Plot, width: int, height: int, dark: bool = True) -> list[str]:
    """The plot as at most `height` lines of ANSI text at most `width` cells wide. Raises
    TooSmall when it cannot be drawn honestly at that size (but nothing, not even that, is
    drawn in no space: a hidden chart is 0 x 0). `dark`: the background is dark."""
    if width < 1 or height < 1:
        return []
    if plot.image is not None:
        return image(plot, width, height) if plot.image and plot.image[0] else []
    return chart(plot, width, height, dark)[:height]
