"""The panel's charts: the first (primary) chart big, the others beside it while they fit.

Like htop and lazygit at small sizes, the grid shows one thing big rather than everything small:
the primary chart gets its cell first, and another chart is shown only while its cell stays
legible. The charts that do not fit are one key away (`v` cycles which chart comes first, `z`
zooms the chart area); where not even one chart fits, the grid says so and names the key.

The grid draws its charts: all that changed, in one trip to the chart thread, then onto the
screen together with whatever the caller adds (`then`: the frame's status and readouts), so a
frame costs one screen update, not one per chart plus one for its text. While charts are being
drawn, newer data waits and the newest wins.
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from demos.base import Plot
from tui.widgets.plot_view import PlotView, draw_all, renderer

MAX_PLOTS = 3
PRIMARY_ROWS, PRIMARY_COLS = 19, 40  # the primary chart's cell while others share the area
OTHER_ROWS, OTHER_COLS = 10, 30  # the cell of each other chart
SIDE_ROWS = 12  # the primary chart's cell beside the others: as tall as the area, at least
SOLO_ROWS, SOLO_COLS = 8, 24  # below this not even one chart: the place says so
SHARE = 0.6  # of the area that the primary chart takes when it shares it
GUTTER = 1  # columns between two charts side by side


@dataclass(frozen=True)
class Arrangement:
    """How many charts are shown and where: the primary chart on top with the others in a row
    below it, or (`side`) on the left with the others stacked on its right."""

    count: int
    side: bool = False
    primary: int = 0  # rows (on top) or columns (side) of the primary chart's cell


def legibility(width: int, height: int) -> float:
    """How well a chart reads in a cell (a cell is about twice as tall as it is wide)."""
    return min(width / 3, height)


def arrange(total: int, width: int, height: int) -> Arrangement:
    """The most charts, of `total`, that fit `width` x `height` legibly; of those layouts, the
    one whose primary chart reads best."""
    if total == 0 or width < SOLO_COLS or height < SOLO_ROWS:
        return Arrangement(0)
    best = Arrangement(1, primary=height)
    for count in range(2, total + 1):
        others = count - 1
        found: list[tuple[float, Arrangement]] = []
        row_width = (width - GUTTER * (others - 1)) // others
        if height - PRIMARY_ROWS >= OTHER_ROWS and row_width >= OTHER_COLS:
            rows = max(PRIMARY_ROWS, min(height - OTHER_ROWS, round(height * SHARE)))
            found.append((legibility(width, rows), Arrangement(count, False, rows)))
        side_width = width - GUTTER - PRIMARY_COLS
        if height >= SIDE_ROWS and height // others >= OTHER_ROWS and side_width >= OTHER_COLS:
            cols = max(PRIMARY_COLS, min(width - GUTTER - OTHER_COLS, round(width * SHARE)))
            found.append((legibility(cols, height), Arrangement(count, True, cols)))
        if not found:
            break
        best = max(found, key=lambda pair: pair[0])[1]
    return best


class PlotGrid(Container):
    DEFAULT_CSS = """
    PlotGrid { layout: grid; grid-size: 1 1; grid-gutter: 0 1; width: 1fr; height: 1fr; }
    PlotGrid PlotView { width: 1fr; height: 1fr; }
    PlotGrid #no-room { display: none; width: 1fr; height: 1fr; color: $text-muted;
                        content-align: center middle; text-align: center; }
    """

    class Arranged(Message):
        """Which charts are on screen changed: `first` (0-based) and `shown`, of `total`."""

        def __init__(self, first: int, shown: int, total: int) -> None:
            super().__init__()
            self.first, self.shown, self.total = first, shown, total

    zoomed = var(False)  # the charts take the screen: only changes what the notice advises

    def __init__(self, hold: Callable[[], float] = lambda: 0.0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hold = hold  # seconds new charts still wait for a key's echo (QaApp.key_hold)
        # Kept, not queried: a key (z, a) can reach the grid before the panel has mounted it.
        self.views = [PlotView(id=f"plot-{index}") for index in range(MAX_PLOTS)]
        self.notice = Static(id="no-room")
        self.plots: tuple[Plot, ...] = ()
        self.first = 0  # the chart in the primary cell; `v` moves it on
        self.kind: object = None  # what the charts are of: (question, mode)
        self.layout_now = Arrangement(0)
        self.busy = False  # a drawing is under way
        self.stale = False  # something changed since it began
        self.then: Callable[[], None] | None = None
        self.told: tuple[int, int, int] | None = None  # the last Arranged sent

    def compose(self) -> ComposeResult:
        yield from self.views
        yield self.notice

    @property
    def shown(self) -> int:
        return self.layout_now.count

    @property
    def hidden(self) -> int:
        """Charts of the frame that are not on screen now."""
        return len(self.plots) - self.shown

    def show(
        self, plots: tuple[Plot, ...], then: Callable[[], None] | None = None, kind: object = None
    ) -> None:
        """Draw `plots` (unchanged charts are not drawn again), then call `then`. A new `kind`
        of charts (another question or mode) starts again from its primary chart."""
        plots = plots[:MAX_PLOTS]
        if kind != self.kind:
            self.kind, self.first = kind, 0
        if len(plots) != len(self.plots):
            self.first = 0
            self.plots = plots
            self.arrange_charts()
        else:
            self.plots = plots
        self.assign()
        if then is not None:
            self.then = then  # the newest wins: it shows the panel as it is when called
        self.request()

    def cycle(self) -> None:
        """The next chart into the primary cell (when not all charts fit)."""
        if self.hidden > 0:
            self.first = (self.first + 1) % len(self.plots)
            self.assign()
            self.request()

    def watch_zoomed(self) -> None:
        self.update_notice()

    def assign(self) -> None:
        """Each cell's chart: the primary cell shows chart `first`, the others the next ones."""
        total = len(self.plots)
        for slot, view in enumerate(self.views):
            on = slot < self.shown
            if view.display != on:
                view.display = on
            view.plot = self.plots[(self.first + slot) % total] if on else None
        self.tell()

    def tell(self) -> None:
        told = (self.first, self.shown, len(self.plots))
        if told != self.told:
            self.told = told
            self.post_message(self.Arranged(*told))

    @on(PlotView.Stale)
    def redraw_stale(self, event: PlotView.Stale) -> None:
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
                views = [view for view in self.views if view.display]
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
        """Charts drawn while a key came in wait until its echo is on screen (`hold`):
        one screen update for the echo alone, the charts in the next."""
        wait = self.hold()
        if wait > 0:
            await asyncio.sleep(wait)

    def on_resize(self, event: Resize) -> None:
        if self.arrange_charts():
            self.assign()
            self.request()

    def arrange_charts(self) -> bool:
        """Lay the cells out for the grid's size; True when the arrangement changed."""
        width, height = self.size
        new = arrange(len(self.plots), width, height)
        changed = new != self.layout_now
        self.layout_now = new
        count, styles = max(1, new.count), self.styles
        others = count - 1
        if count == 1:
            grid = (1, 1, "1fr", "1fr")
        elif new.side:
            grid = (2, others, f"{new.primary} 1fr", "1fr")
        else:
            grid = (others, 2, "1fr", f"{new.primary} 1fr")
        columns, rows, column_sizes, row_sizes = grid
        if (styles.grid_size_columns, styles.grid_size_rows) != (columns, rows):
            styles.grid_size_columns, styles.grid_size_rows = columns, rows
        styles.grid_columns = column_sizes
        styles.grid_rows = row_sizes
        for slot, view in enumerate(self.views):
            primary = slot == 0 and count > 1
            column_span = others if primary and not new.side else 1
            row_span = others if primary and new.side else 1
            if view.styles.column_span != column_span:
                view.styles.column_span = column_span
            if view.styles.row_span != row_span:
                view.styles.row_span = row_span
        self.update_notice()
        return changed

    def update_notice(self) -> None:
        notice = self.notice
        empty = self.shown == 0 and bool(self.plots) and self.size.area > 0  # laid out
        if notice.display != empty:
            notice.display = empty
        if empty:
            advice = "make the terminal bigger" if self.zoomed else "z zooms the charts"
            text = f"No room for a chart here: {advice}."
            width, height = self.size
            fits = len(textwrap.wrap(text, max(1, width))) <= height
            notice.update(text if fits else "")  # else only the panel's top line says it
