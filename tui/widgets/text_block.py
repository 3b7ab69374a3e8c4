"""A block of rich text that relays the screen out only when it needs more lines.

`Static.update` asks for a full layout on every call, which costs 5-15 ms of the event loop (and
re-renders the sidebar); readouts, status and the share line change ten times a second or on
every key. A block keeps the most lines it has needed since `unpin` (a new question), so text
that flips between two and three lines does not move the layout back and forth.

It draws its lines with Rich straight into strips (the line API), made once per text and width:
through Textual's general content pipeline the readouts took 2 ms a frame, a fifth of the
screen update.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class TextBlock(Widget):
    DEFAULT_CSS = """
    TextBlock { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self.lines = 0
        self.floor = 0  # the most lines needed since unpin() at this width
        self.floor_width = 0
        self.strips: list[Strip] = []
        self.strips_for: tuple[Text, int, str] | None = None  # (text, width, theme)

    def set(self, text: Text) -> None:
        if text == self.text:
            return
        self.text = text
        height = self.wrapped_height(self.content_size.width)
        self.refresh(layout=height > self.lines)

    def text_at(self, width: int) -> Text:
        """The text as shown at `width` (a subclass may lay it out for the width)."""
        return self.text

    def unpin(self) -> None:
        """Fit the next text exactly (a new question: its own text, its own height)."""
        self.floor = 0
        self.refresh(layout=True)

    def wrapped_height(self, width: int) -> int:
        if width <= 0 or not self.text.plain:
            return 0 if not self.text.plain else 1
        return len(self.text_at(width).wrap(self.app.console, width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self.floor_width:
            self.floor, self.floor_width = 0, width
        self.floor = max(self.floor, self.wrapped_height(width))
        self.lines = self.floor
        return self.lines

    def render(self) -> Text:
        return self.text

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if self.strips_for != (self.text, width, self.app.theme):
            self.make_strips(width)
        if y < len(self.strips):
            return self.strips[y]
        return Strip.blank(width, self.rich_style)

    def make_strips(self, width: int) -> None:
        style, console = self.rich_style, self.app.console
        options = console.options.update(width=width, height=None)
        text = self.text_at(width)
        lines = console.render_lines(text, options, pad=True) if width > 0 else []
        self.strips = [Strip(line, width).apply_style(style) for line in lines]
        self.strips_for = (self.text, width, self.app.theme)
