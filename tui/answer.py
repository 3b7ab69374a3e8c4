"""The answers' light Markdown as Rich text: paragraphs, "- " bullets, **bold**, *italic*, `code`.

The answers are ours (demos/specs) and use only these; Textual's Markdown widget parses with
markdown-it and mounts a widget per block, which cost a fifth of a second of the first paint.
"""

from __future__ import annotations

import re

from rich.text import Text

INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|(?<![\w*])\*(?P<italic>[^*\s][^*]*?)\*"
)
STYLES = {"bold": "bold", "code": "bold italic", "italic": "italic"}


def blocks(source: str) -> list[str]:
    """Paragraphs (their lines joined) and bullet items, in order."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", source.strip()):
        lines = [line.strip() for line in paragraph.splitlines()]
        current: list[str] = []
        for line in lines:
            if line.startswith("- ") and current:
                out.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            out.append(" ".join(current))
    return out


def inline(block: str, text: Text) -> None:
    at = 0
    for match in INLINE.finditer(block):
        text.append(block[at : match.start()])
        kind = match.lastgroup or "code"
        text.append(match.group(kind), STYLES[kind])
        at = match.end()
    text.append(block[at:])


def render_answer(source: str) -> Text:
    """One Text: a blank line between paragraphs, none between the items of a list."""
    text = Text(end="")
    previous_bullet = False
    for index, block in enumerate(blocks(source)):
        bullet = block.startswith("- ")
        if index:
            text.append("\n" if bullet and previous_bullet else "\n\n")
        if bullet:
            text.append("• ")
            block = block[2:]
        inline(block, text)
        previous_bullet = bullet
    return text
