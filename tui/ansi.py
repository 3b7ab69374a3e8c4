"""A small, fast reader of the ANSI text that tui.plotting makes, into Textual strips.

plotext's output uses a handful of SGR codes (256-colour foreground and background, reset);
rich's general `Text.from_ansi` handles everything and costs several times more per line.
Anything unexpected falls back to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

SGR = re.compile(r"\x1b\[([0-9;]*)m")


@lru_cache(maxsize=1024)
def style_for(codes: str) -> Style | None:
    """The style of one SGR sequence; None when it is not one we know."""
    if codes in ("", "0"):
        return Style()
    numbers = codes.split(";")
    color = bgcolor = None
    index = 0
    while index < len(numbers):
        head = numbers[index]
        if head in ("38", "48") and index + 2 < len(numbers) and numbers[index + 1] == "5":
            value = Color.from_ansi(int(numbers[index + 2]))
            if head == "38":
                color = value
            else:
                bgcolor = value
            index += 3
        elif head == "0":
            index += 1
        else:
            return None
    return Style(color=color, bgcolor=bgcolor)


def segments(line: str, console: Console) -> list[Segment]:
    """Segments of one line of plot text; a colour holds until the next reset."""
    out: list[Segment] = []
    style = Style()
    position = 0
    for match in SGR.finditer(line):
        if match.start() > position:
            out.append(Segment(line[position : match.start()], style))
        codes = match.group(1)
        if codes in ("", "0"):
            style = Style()
        else:
            parsed = style_for(codes)
            if parsed is None:  # not plotext's: let rich read it
                return list(Text.from_ansi(line, end="", no_wrap=True).render(console))
            style = style + parsed
        position = match.end()
    if position < len(line):
        out.append(Segment(line[position:], style))
    return out
