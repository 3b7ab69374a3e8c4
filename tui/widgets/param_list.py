"""The demo's parameters with their values; a cursor marks the one the arrow keys change."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
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
        width = self.content_size.width
        before = len(self.lines(width))
        self.params, self.values, self.cursor, self.active = state
        self.refresh(layout=len(self.lines(width)) != before)

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

    def lines(self, width: int) -> list[Text]:
        """Label on the left, value on the right, never cut: values in one column when every
        row fits it, else each value beside its label, or under it when they do not fit."""
        rows = [self.line(index) for index in range(len(self.params))]
        for _, value in rows:
            value.rstrip()  # an unselected " 0.3 " ends in the column of a selected value
        value_width = max((value.cell_len for _, value in rows), default=0)
        label_width = max((label.cell_len for label, _ in rows), default=0)
        aligned = label_width + value_width <= width
        out: list[Text] = []
        for label, value in rows:
            room = width - value_width if aligned else width - value.cell_len
            if label.cell_len > room:  # the value goes under its label, on the right
                cuts = range(width, len(label), width) if width > 0 else ()
                out.extend(label.divide(cuts))  # a label wider than the list folds
                label = Text(" ")
                room = width - value.cell_len
            label.align("left", max(room, label.cell_len))
            value.align("right", value_width if aligned else value.cell_len)
            out.append(label + value)
        return out

    def render(self) -> Text:
        """All rows in one Text: a Rich table laid the same lines out at three times the
        cost, on every key."""
        return Text("\n").join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))
