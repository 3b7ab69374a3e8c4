"""A plotext chart as a widget, redrawing only the rows that changed.

plotext takes 5-20 ms a chart. Done on the event loop, that time would sit between a key press
and its echo on screen, so charts are drawn on one helper thread (plotext keeps global state,
so one at a time): `draw_all` draws every chart of a frame there, and the PlotGrid puts them on
screen together (tui/widgets/plot_grid.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from textual.events import Resize
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from demos.base import Plot
from tui import ansi

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

MIN_WIDTH, MIN_HEIGHT = 12, 4  # smaller than this, plotting is not even tried
ZOOM_HINT = "too small: press z to zoom"  # where a chart cannot be drawn honestly
ZOOM_HINT_SHORT = "z: zoom"  # when even that does not fit
_renderer: ThreadPoolExecutor | None = None


def renderer() -> ThreadPoolExecutor:
    """The one chart thread, made at the first chart (plotext and the pool load after the
    first paint, not before it)."""
    global _renderer
    if _renderer is None:
        from concurrent.futures import ThreadPoolExecutor

        _renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-tui-plot")
    return _renderer


Rows = list[tuple[str, Strip]]
Job = tuple[Plot | None, int, int, Style]  # what to draw, at what size, over which colours


def draw_all(jobs: list[Job], console: Console) -> list[Rows]:
    """Every chart of a frame, on the renderer thread."""
    return [draw(*job, console) for job in jobs]


def draw(plot: Plot | None, width: int, height: int, base: Style, console: Console) -> Rows:
    """Lines of the chart and their strips over the `base` colours (on the renderer thread, so
    the event loop only copies finished strips to the screen)."""
    if plot is None or height < 1 or width < 1:
        return [("", Strip.blank(width, base))] * height
    from tui import plotting

    try:
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            raise plotting.TooSmall
        lines = plotting.render(plot, width, height, dark=is_dark(base))[:height]
    except plotting.TooSmall:
        lines = too_small(plot.title, width, height)
    except Exception as error:  # a chart that cannot be drawn says so; the app carries on
        lines = [f"cannot draw this chart: {type(error).__name__}: {error}"[:width]]
    lines += [""] * (height - len(lines))
    return [
        (line, Strip(ansi.segments(line, console)).crop_extend(0, width, None).apply_style(base))
        for line in lines
    ]


def is_dark(base: Style) -> bool:
    """Whether the chart's background is dark (no background: assume a dark terminal)."""
    color = base.bgcolor
    if color is None or color.is_default:
        return True
    red, green, blue = color.get_truecolor()
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


def too_small(title: str, width: int, height: int) -> list[str]:
    """The place of a chart too small to draw: its title and ZOOM_HINT, centred, whole words."""
    from tui.plotting import words

    hint = words(ZOOM_HINT, width)
    if len(hint) > height:
        hint = words(ZOOM_HINT_SHORT, width)
    head = [title] if title and len(title) <= width and height > len(hint) + 1 else []
    body = head + hint if len(head + hint) <= height else hint[:height]
    above = (height - len(body)) // 2
    return [""] * above + [line.center(width).rstrip() for line in body]


class PlotView(Widget):
    """One chart. It holds the strips last drawn; the PlotGrid decides when to draw."""

    DEFAULT_CSS = """
    PlotView { height: 1fr; min-height: 4; }
    """

    class Stale(Message):
        """The chart must be drawn again (new size or theme)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plot: Plot | None = None
        self.lines: list[str] = []
        self.strips: list[Strip] = []
        self.drawn: tuple[object, ...] | None = None  # (plot, width, height, theme) on screen
        self.builds = 0  # how many times plotext ran: the benchmark and tests read it
        self.base: tuple[str, Style] | None = None  # (theme, style) under the plot's colours

    def job(self) -> Job | None:
        """What to draw to bring the chart up to date, or None when it is."""
        width, height = self.size
        if (self.plot, width, height, self.app.theme) == self.drawn:
            return None
        return self.plot, width, height, self.base_style()

    def put(self, job: Job, rows: Rows) -> None:
        """Show `rows`, drawn for `job`, unless the chart has changed size since."""
        plot, width, height, _ = job
        if plot is not None and width >= MIN_WIDTH and height >= MIN_HEIGHT:
            self.builds += 1  # plotting was tried (a "too small" answer counts too)
        if (width, height) != tuple(self.size):
            return  # a Stale message is on its way: drawn again at the new size
        self.drawn = (plot, width, height, self.app.theme)
        self.apply(rows, width)

    def on_resize(self, event: Resize) -> None:
        self.lines = []
        self.post_message(self.Stale())

    def apply(self, rows: Rows, width: int) -> None:
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
        self.post_message(self.Stale())

    def render_line(self, y: int) -> Strip:
        if y < len(self.strips):
            return self.strips[y]
        return Strip.blank(self.size.width, self.base_style())
