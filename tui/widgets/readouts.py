"""The frame's readouts as "label: value" lines that are never cut: a value that does not fit
beside its label goes on the next line, indented, and a long one wraps there."""

from __future__ import annotations

from rich.text import Text

from tui.widgets.text_block import TextBlock

Rows = tuple[tuple[str, str], ...]


def readout_text(rows: Rows, width: int) -> Text:
    """`rows` laid out for `width` cells."""
    text = Text(end="")
    for index, (label, value) in enumerate(rows):
        if index:
            text.append("\n")
        text.append(f"{label}:", style="dim")
        fits = width <= 0 or Text(f"{label}: {value}").cell_len <= width
        text.append(" " if fits else "\n  ")
        text.append(value, style="bold")
    return text


class ReadoutBlock(TextBlock):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Rows = ()
        self.laid_out: tuple[Rows, int, Text] | None = None

    def show(self, rows: Rows) -> None:
        if rows != self.rows:
            self.rows = rows
            self.set(readout_text(rows, 0))  # one line a readout: what set() compares

    def text_at(self, width: int) -> Text:
        if self.laid_out is None or self.laid_out[:2] != (self.rows, width):
            self.laid_out = (self.rows, width, readout_text(self.rows, width))
        return self.laid_out[2]
