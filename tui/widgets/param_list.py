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
        self.params, self.values, self.cursor, self.active = params, dict(values), cursor, active
        self.refresh(layout=True)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        label_width = max((len(p.label) for p in self.params), default=0)
        for index, param in enumerate(self.params):
            selected = index == self.cursor
            value = self.values.get(param.name, param.default)
            shown = param.format(value)
            bound = " (bound)" if param.at_bound(value) else ""
            marker = "▸ " if selected else "  "
            style = ("bold reverse" if self.active else "bold") if selected else ""
            line = f"{marker}{param.label:<{label_width}}  ‹ {shown} ›{bound}"
            text.append(line, style=style)
            if index < len(self.params) - 1:
                text.append("\n")
        return text

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.params))
