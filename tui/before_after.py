"""Before and after: when a parameter changes, the last run's main series stays on its chart.

The main series is the first chart's `Plot.main` series (the demo says which one shows the
effect of its parameters). It is kept from the last frame drawn
before the change, relabelled with the value it was drawn at ("before: lr=0.3"), and drawn in a
faint colour on the same chart of the new run, as long as that chart is the same one (same
title and axes): a mode change that brings other charts drops it. Plain data, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from demos.base import Frame, Param, Plot, Series, Value

FAINT = "gray"  # colour of the kept series
MARK = "·"  # its marker: faint dots, drawn under the new run (Series.behind)


@dataclass(frozen=True)
class Before:
    """The main series of the run before the last parameter change."""

    chart: tuple[str, str, str]  # title, xlabel, ylabel of the chart it was drawn on
    series: Series


def chart_key(plot: Plot) -> tuple[str, str, str]:
    return (plot.title, plot.xlabel, plot.ylabel)


def describe(old: dict[str, Value], new: dict[str, Value], params: tuple[Param, ...]) -> str:
    """What changed from `old` to `new`, for the kept series' label: "lr=0.3", "depth=2,
    activation=tanh", or "last run" when that would be long ("" when nothing changed)."""
    changed = [p for p in params if old.get(p.name) != new.get(p.name)]
    text = ", ".join(f"{p.name}={p.format(old[p.name])}" for p in changed if p.name in old)
    return text if len(text) <= 32 else "last run"


def capture(frame: Frame | None, change: str) -> Before | None:
    """The main series of `frame`, labelled with what changed (`change`, e.g. "lr=0.3");
    None if it has none or nothing changed."""
    if not change:
        return None
    if frame is None or not frame.plots:
        return None
    plot = frame.plots[0]
    if plot.image is not None or not 0 <= plot.main < len(plot.series):
        return None
    main = plot.series[plot.main]
    if main.kind == "bar" or not main.y:
        return None
    return Before(
        chart_key(plot),
        replace(main, label=f"before: {change}", color=FAINT, marker=MARK, behind=True),
    )


def overlay(plots: tuple[Plot, ...], before: Before | None) -> tuple[Plot, ...]:
    """`plots` with the kept series added to the first chart, after its own series (so they keep
    their colours and markers), where it belongs."""
    if before is None or not plots or chart_key(plots[0]) != before.chart:
        return plots
    first = plots[0]
    if first.image is not None:
        return plots
    return (replace(first, series=(*first.series, before.series)), *plots[1:])
