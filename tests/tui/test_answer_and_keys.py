"""The answer text (our light Markdown) and the line of keys at the bottom."""

from __future__ import annotations

import pytest

from demos import TOPICS
from tui.answer import render_answer
from tui.widgets.key_bar import KeyBar

from .helpers import fresh_frame


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_no_markdown_syntax_reaches_the_screen(topic) -> None:  # type: ignore[no-untyped-def]
    text = render_answer(topic.answer)
    assert "**" not in text.plain and "`" not in text.plain
    assert any("bold" in str(span.style) for span in text.spans)  # every answer bolds a term
    assert "\n\n" in text.plain or len(text.plain) < 400  # paragraphs kept apart


def test_inline_styles_bullets_and_paragraphs() -> None:
    text = render_answer(
        "A **big** and *small* `x.grad` here,\njoined.\n\n- one\n- two\n  more\n\nEnd."
    )
    assert text.plain == "A big and small x.grad here, joined.\n\n• one\n• two more\n\nEnd."
    styled = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styled == {"big": "bold", "small": "italic", "x.grad": "bold italic"}


def test_a_lone_star_is_not_italic() -> None:
    assert render_answer("step = -lr * grad * 2").plain == "step = -lr * grad * 2"


@pytest.mark.parametrize("width", [80, 120])
async def test_the_key_line_keeps_help_and_palette_when_cut(make_app, width: int) -> None:  # type: ignore[no-untyped-def]
    app = make_app(paused=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await fresh_frame(pilot)
        bar = app.main_screen.query_one(KeyBar)
        line = bar.render().plain
        assert len(line) <= width
        assert line.rstrip().endswith("^p palette") and " ? help " in line
        assert "space pause" in line and " q quit" in line
        assert line.startswith(" ↑↓←→ tune ")  # the focused panel's keys come first
        await pilot.press("tab")  # the sidebar: the panel's keys leave the line
        await pilot.pause()
        assert "tune" not in bar.render().plain
