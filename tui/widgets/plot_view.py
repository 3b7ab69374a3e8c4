"""A plotext chart as a widget that redraws only the rows that changed."""

from __future__ import annotations

from rich.style import Style
from textual.events import Resize
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from demos.base import Plot
from tui import ansi, plotting


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
        width, height = self.size.width, self.size.height
        lines: list[str] = []
        if self.plot is not None and width >= 12 and height >= 4:
            lines = plotting.render(self.plot, width, height)[:height]
            self.builds += 1
        lines += [""] * (height - len(lines))
        console = self.app.console
        strips: list[Strip] = []
        for y, line in enumerate(lines):
            if y < len(self.lines) and self.lines[y] == line and y < len(self.strips):
                strips.append(self.strips[y])
                continue
            strips.append(Strip(ansi.segments(line, console)).crop_extend(0, width, None))
            self.refresh(Region(0, y, width, 1))
        self.lines, self.strips = lines, strips

    def base_style(self) -> Style:
        """The widget's colours (they follow the theme), looked up once per theme."""
        if self.base is None or self.base[0] != self.app.theme:
            self.base = (self.app.theme, self.rich_style)
        return self.base[1]

    def render_line(self, y: int) -> Strip:
        style = self.base_style()  # the theme's colours under plotext's, so plots follow themes
        if y < len(self.strips):
            return self.strips[y].apply_style(style)
        return Strip.blank(self.size.width, style)
