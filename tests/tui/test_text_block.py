"""TextBlock keeps the most lines it needed, so text that flips between heights does not
relayout the screen on every frame; a new question (unpin) fits its own text again."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.text_block import TextBlock


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield TextBlock(id="block")


async def test_height_grows_and_stays_until_unpinned() -> None:
    app = One()
    async with app.run_test(size=(30, 10)) as pilot:
        block = app.query_one(TextBlock)
        block.set(Text("one\ntwo\nthree"))
        await pilot.pause()
        assert block.size.height == 3
        block.set(Text("one"))
        await pilot.pause()
        assert block.size.height == 3  # no relayout for a shorter text
        block.set(Text("a\nb\nc\nd"))
        await pilot.pause()
        assert block.size.height == 4  # more lines: it grows
        block.unpin()
        block.set(Text("one"))
        await pilot.pause()
        assert block.size.height == 1


async def test_a_new_width_fits_again() -> None:
    app = One()
    async with app.run_test(size=(30, 10)) as pilot:
        block = app.query_one(TextBlock)
        block.set(Text("word " * 10))  # 50 cells: two lines at 30
        await pilot.pause()
        assert block.size.height == 2
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        assert block.size.height == 1
