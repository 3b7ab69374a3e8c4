"""The panel's charts, laid out in the grid that gives each chart the most legible cell.

The grid draws its charts: all that changed, in one trip to the chart thread, then onto the
screen together with whatever the caller adds (`then`: the frame's status and readouts), so a
frame costs one screen update, not one per chart plus one for its text. While charts are being
drawn, newer data waits and the newest wins.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Container
from textual.events import Resize

from demos.base import Plot
from tui.widgets.plot_view import PlotView, draw_all, renderer

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
        self.busy = False  # a drawing is under way
        self.stale = False  # something changed since it began
        self.then: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        for index in range(MAX_PLOTS):
            yield PlotView(id=f"plot-{index}")

    def show(self, plots: tuple[Plot, ...], then: Callable[[], None] | None = None) -> None:
        """Draw `plots` (unchanged charts are not drawn again), then call `then`."""
        plots = plots[:MAX_PLOTS]
        if len(plots) != self.count:
            self.count = len(plots)
            self.arrange_charts()
        for index, view in enumerate(self.query(PlotView)):
            if view.display != (index < len(plots)):
                view.display = index < len(plots)
            view.plot = plots[index] if index < len(plots) else None
        if then is not None:
            self.then = then  # the newest wins: it shows the panel as it is when called
        self.request()

    def on_plot_view_stale(self, event: PlotView.Stale) -> None:
        event.stop()
        self.request()

    def request(self) -> None:
        if self.busy:
            self.stale = True  # the drawing under way finishes, then the newest data is drawn
            return
        self.busy = True
        self.run_worker(self.redraw(), group="draw-charts")

    async def redraw(self) -> None:
        try:
            while True:
                self.stale = False
                then, self.then = self.then, None  # it goes with the charts drawn now
                views = list(self.query(PlotView))
                jobs = [(view, job) for view in views if (job := view.job()) is not None]
                if jobs:
                    loop = asyncio.get_running_loop()
                    rows = await loop.run_in_executor(
                        renderer(), draw_all, [job for _, job in jobs], self.app.console
                    )
                    await self.after_keys()
                    for (view, job), drawn in zip(jobs, rows, strict=True):
                        view.put(job, drawn)
                if then is not None:
                    then()
                if not self.stale:
                    return
        finally:
            self.busy = False

    async def after_keys(self) -> None:
        """Charts drawn while a key came in wait until its echo is on screen (QaApp.key_hold):
        one screen update for the echo alone, the charts in the next."""
        hold = getattr(self.app, "key_hold", None)
        wait = hold() if hold is not None else 0.0
        if wait > 0:
            await asyncio.sleep(wait)

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
