"""A plotext chart as a widget: drawn on a background thread, redrawing only changed rows.

plotext takes 5-20 ms a chart. Done on the event loop, that time would sit between a key press
and its echo on screen; on one helper thread (plotext keeps global state, so one at a time)
the loop gets the GIL back every few milliseconds and keys stay quick. While a chart is being
drawn, newer data waits and the newest wins.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from textual.events import Resize
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from demos.base import Plot
from tui import ansi

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

_renderer: ThreadPoolExecutor | None = None


def renderer() -> ThreadPoolExecutor:
    """The one chart thread, made at the first chart (plotext and the pool load after the
    first paint, not before it)."""
    global _renderer
    if _renderer is None:
        from concurrent.futures import ThreadPoolExecutor

        _renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-tui-plot")
    return _renderer


def draw(
    plot: Plot, width: int, height: int, console: Console, base: Style
) -> list[tuple[str, Strip]]:
    """Lines of the chart and their strips over the `base` colours (on the renderer thread, so
    the event loop only copies finished strips to the screen)."""
    from tui import plotting

    try:
        lines = plotting.render(plot, width, height)[:height]
    except Exception as error:  # a chart that cannot be drawn says so; the app carries on
        lines = [f"cannot draw this chart: {type(error).__name__}: {error}"[:width]]
    lines += [""] * (height - len(lines))
    return [
        (line, Strip(ansi.segments(line, console)).crop_extend(0, width, None).apply_style(base))
        for line in lines
    ]


class PlotView(Widget):
    DEFAULT_CSS = """
    PlotView { height: 1fr; min-height: 4; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plot: Plot | None = None
        self.lines: list[str] = []
        self.strips: list[Strip] = []
        self.builds = 0  # how many times plotext ran: the benchmark and tests read it
        self.busy = False
        self.stale = False
        self.base: tuple[str, Style] | None = None  # (theme, style) under the plot's colours

    def show(self, plot: Plot | None) -> None:
        """Draw `plot`; does nothing when it equals what is on screen."""
        if plot == self.plot:
            return
        self.plot = plot
        self.rebuild()

    def on_resize(self, event: Resize) -> None:
        self.lines = []
        self.rebuild()

    def rebuild(self) -> None:
        if self.busy:
            self.stale = True  # the drawing under way finishes, then the newest data is drawn
            return
        self.busy = True
        self.run_worker(self.redraw(), group=f"draw-{self.id}")

    async def redraw(self) -> None:
        try:
            while True:
                self.stale = False
                plot, width, height = self.plot, self.size.width, self.size.height
                base = self.base_style()
                rows: list[tuple[str, Strip]] = [("", Strip.blank(width, base))] * height
                if plot is not None and width >= 12 and height >= 4:
                    loop = asyncio.get_running_loop()
                    rows = await loop.run_in_executor(
                        renderer(), draw, plot, width, height, self.app.console, base
                    )
                    self.builds += 1
                if (width, height) == (self.size.width, self.size.height):
                    self.apply(rows, width)
                if not self.stale:
                    return
        finally:
            self.busy = False

    def apply(self, rows: list[tuple[str, Strip]], width: int) -> None:
        """Keep the strips of unchanged rows; refresh one region from the first changed row to
        the last (one render pass: the rows between that did not change come from the cache)."""
        changed = [
            y
            for y, (line, _) in enumerate(rows)
            if y >= len(self.lines) or self.lines[y] != line or y >= len(self.strips)
        ]
        self.lines = [line for line, _ in rows]
        self.strips = [strip for _, strip in rows]
        if changed:
            self.refresh(Region(0, changed[0], width, changed[-1] - changed[0] + 1))

    def base_style(self) -> Style:
        """The widget's colours (they follow the theme), looked up once per theme."""
        if self.base is None or self.base[0] != self.app.theme:
            self.base = (self.app.theme, self.rich_style)
        return self.base[1]

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self.on_theme, init=False)

    def on_theme(self) -> None:
        """The strips carry the old theme's colours under plotext's: draw them again."""
        self.base = None
        self.lines = []
        self.rebuild()

    def render_line(self, y: int) -> Strip:
        if y < len(self.strips):
            return self.strips[y]
        return Strip.blank(self.size.width, self.base_style())
