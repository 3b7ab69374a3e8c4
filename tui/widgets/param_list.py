"""The demo's parameters with their values; a cursor marks the one the arrow keys change."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from demos.base import Param, Value


class ParamList(Widget):
    DEFAULT_CSS = """
    ParamList { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.params: tuple[Param, ...] = ()
        self.values: dict[str, Value] = {}
        self.cursor = 0
        self.active = False

    def show(
        self, params: tuple[Param, ...], values: dict[str, Value], cursor: int, active: bool
    ) -> None:
        """Show `params` with `values`; `active` when the keys go to them (panel focused)."""
        state = (params, dict(values), cursor, active)
        if state == (self.params, self.values, self.cursor, self.active):
            return
        resized = len(params) != len(self.params)
        self.params, self.values, self.cursor, self.active = state
        self.refresh(layout=resized)

    def line(self, index: int) -> tuple[Text, Text]:
        param = self.params[index]
        value = self.values.get(param.name, param.default)
        selected = index == self.cursor
        style = ("bold reverse" if self.active else "bold") if selected else ""
        label = Text(("▸ " if selected else "  ") + param.label, style=style)
        shown = param.format(value)
        if param.at_bound(value):
            shown += " (max)" if float(value) == param.hi else " (min)"
        return label, Text(f"‹{shown}›" if selected else f" {shown} ", style=style)

    def render(self) -> Text:
        """Label on the left (cut with … when narrow), value on the right, in one Text: a
        Rich table laid the same lines out at three times the cost, on every key."""
        rows = [self.line(index) for index in range(len(self.params))]
        width = self.content_size.width
        value_width = max((value.cell_len for _, value in rows), default=0)
        if value_width > width // 2:  # very narrow: both halves cut with …
            value_width = width // 2
        label_width = max(0, width - value_width)
        out = Text(no_wrap=True, overflow="crop")
        for index, (label, value) in enumerate(rows):
            label.truncate(label_width, overflow="ellipsis", pad=True)
            value.rstrip()
            value.truncate(value_width, overflow="ellipsis")
            value.align("right", value_width)
            if index:
                out.append("\n")
            out.append_text(label)
            out.append_text(value)
        return out

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.params))
