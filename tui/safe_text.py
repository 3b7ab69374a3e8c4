"""Outside text (paths, errors, what a demo or the compute process said) made safe to show.

Shown as plain text, never markup: a directory named `[bold]` stays those characters. Control
characters (escape sequences could retitle the window or move the cursor) are removed; tabs
and newlines survive where asked. No torch.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rich.text import Text

from demos.base import Frame, Plot

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NO_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object, newlines: bool = True) -> str:
    """`text` as a str without control characters (newlines kept if `newlines`)."""
    pattern = _CONTROL if newlines else _CONTROL_NO_NEWLINE
    return pattern.sub("", str(text))


def plain(text: object, style: str = "") -> Text:
    """A Rich Text of `text`, cleaned: what notify() and Static.update() show verbatim."""
    return Text(clean(text), style=style)


def clean_frame(frame: Frame) -> Frame:
    """The frame with every piece of text cleaned (a demo's message may quote anything); the
    frame itself when there is nothing to clean (the usual case: no copying on the event loop)."""
    labels = [text for pair in frame.readouts for text in pair]
    for p in frame.plots:
        labels += [p.title, p.xlabel, p.ylabel, *(t for s in p.series for t in (s.label, s.color))]
    if not _CONTROL.search(frame.message) and not _CONTROL_NO_NEWLINE.search("".join(labels)):
        return frame

    def plot(p: Plot) -> Plot:
        series = tuple(
            replace(s, label=clean(s.label, newlines=False), color=clean(s.color, False))
            for s in p.series
        )
        return replace(
            p,
            series=series,
            title=clean(p.title, False),
            xlabel=clean(p.xlabel, False),
            ylabel=clean(p.ylabel, False),
        )

    return replace(
        frame,
        message=clean(frame.message),
        readouts=tuple((clean(a, False), clean(b, False)) for a, b in frame.readouts),
        plots=tuple(plot(p) for p in frame.plots),
    )
