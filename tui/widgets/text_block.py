"""A block of rich text that relays the screen out only when its height changes.

`Static.update` asks for a full layout on every call, which costs tens of milliseconds with a
Markdown answer on screen; readouts and status change ten times a second, their height rarely.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TextBlock(Widget):
    DEFAULT_CSS = """
    TextBlock { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()
        self.lines = 0

    def set(self, text: Text) -> None:
        if text == self.text:
            return
        self.text = text
        height = self.wrapped_height(self.content_size.width)
        self.refresh(layout=height != self.lines)

    def wrapped_height(self, width: int) -> int:
        if width <= 0 or not self.text.plain:
            return 0 if not self.text.plain else 1
        return len(self.text.wrap(self.app.console, width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        self.lines = self.wrapped_height(width)
        return self.lines

    def render(self) -> Text:
        return self.text
