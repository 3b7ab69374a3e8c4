"""The panel's charts, laid out in the grid that gives each chart the most legible cell."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Container
from textual.events import Resize

from demos.base import Plot
from tui.widgets.plot_view import PlotView

MAX_PLOTS = 3


def best_columns(count: int, width: int, height: int) -> int:
    """Columns for `count` charts in width x height cells (a cell is ~twice as tall as wide)."""
    return max(
        range(1, count + 1),
        key=lambda c: min(width / c / 3, height / math.ceil(count / c)),
    )


class PlotGrid(Container):
    DEFAULT_CSS = """
    PlotGrid { layout: grid; grid-size: 1 1; grid-gutter: 0 1; width: 1fr; height: 1fr; }
    PlotGrid PlotView { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0

    def compose(self) -> ComposeResult:
        for index in range(MAX_PLOTS):
            yield PlotView(id=f"plot-{index}")

    def show(self, plots: tuple[Plot, ...]) -> None:
        plots = plots[:MAX_PLOTS]
        if len(plots) != self.count:
            self.count = len(plots)
            self.arrange_charts()
        for index, view in enumerate(self.query(PlotView)):
            if view.display != (index < len(plots)):
                view.display = index < len(plots)
            view.show(plots[index] if index < len(plots) else None)

    def on_resize(self, event: Resize) -> None:
        self.arrange_charts()

    def arrange_charts(self) -> None:
        count = max(1, self.count)
        columns = best_columns(count, self.size.width, self.size.height)
        rows = math.ceil(count / columns)
        if (self.styles.grid_size_columns, self.styles.grid_size_rows) != (columns, rows):
            self.styles.grid_size_columns = columns
            self.styles.grid_size_rows = rows
        for index, view in enumerate(self.query(PlotView)):
            alone = index == count - 1 and count % columns
            span = columns - count % columns + 1 if alone else 1
            if view.styles.column_span != span:
                view.styles.column_span = span
