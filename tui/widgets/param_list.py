"""The demo's parameters with their values; a cursor marks the one the arrow keys change."""

from __future__ import annotations

from rich.table import Table
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

    def render(self) -> Table:
        table = Table.grid(expand=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True, justify="right")
        for index in range(len(self.params)):
            table.add_row(*self.line(index))
        return table

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.params))
