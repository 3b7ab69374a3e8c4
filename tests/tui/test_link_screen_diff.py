"""ScreenDiff sends fewer bytes and leaves the terminal showing exactly what Textual drew."""

from __future__ import annotations

import random

import pyte
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.screen_diff import ScreenDiff

COLS, ROWS = 40, 8
COLOURS = ["#e0e0e0", "#9d65ff", "#f4005f", "#98e024", "#808080", "#121212", "#fd971f"]
TEXT = ["  ", "ab", "⣀⡠", " 2.0┤", "│", "x", "   ", "─" * 3, "•", "▀▀", "▄"]


def console() -> Console:
    return Console(color_system="truecolor", force_terminal=True, width=COLS)


def random_update(rng: random.Random, con: Console) -> str:
    """What Textual writes for a refresh: rows of styled segments, each after a cursor move."""
    out = []
    for _ in range(rng.randint(1, 4)):
        y, x = rng.randrange(ROWS), rng.randrange(COLS - 12)
        segments = []
        for _ in range(rng.randint(1, 4)):
            style = Style(
                color=rng.choice(COLOURS),
                bgcolor=rng.choice(COLOURS[-2:]),
                bold=rng.random() < 0.3,
                underline=rng.random() < 0.1,
            )
            segments.append(Segment(rng.choice(TEXT), style))
        strip = Strip(segments).crop(0, COLS - x)
        out.append(f"\x1b[{y + 1};{x + 1}H" + strip.render(con))
    return "".join(out) + "\x1b[1;1H"


def shown(screen: pyte.Screen) -> list[list[tuple[str, str, str, bool, bool]]]:
    """What a person sees in each cell: the character, and for a plain blank only its
    background."""
    rows = []
    for y in range(ROWS):
        row = []
        for x in range(COLS):
            c = screen.buffer[y][x]
            solid = c.data in "▀▄" and c.fg == c.bg  # a half block of one colour
            if (c.data == " " or solid) and not c.underscore:
                row.append((" ", "", c.bg, False, False))
            else:
                row.append((c.data, c.fg, c.bg, c.bold, c.underscore))
        rows.append(row)
    return rows


def test_the_screen_after_the_diff_is_the_screen_without_it() -> None:
    rng = random.Random(5)
    con = console()
    plain, diffed = pyte.Screen(COLS, ROWS), pyte.Screen(COLS, ROWS)
    plain_stream, diffed_stream = pyte.Stream(plain), pyte.Stream(diffed)
    diff = ScreenDiff()
    sent = kept = 0
    for _ in range(300):
        update = random_update(rng, con)
        out = diff.update(update)
        plain_stream.feed(update)
        diffed_stream.feed(out)
        sent, kept = sent + len(update), kept + len(out)
        assert shown(diffed) == shown(plain)
    assert kept < 0.8 * sent  # random text changes most cells; real charts change few


def test_an_unchanged_update_sends_nothing_and_a_changed_cell_only_itself() -> None:
    con = console()
    diff = ScreenDiff()
    line = Strip([Segment("hello world", Style(color="#e0e0e0", bgcolor="#121212"))])
    update = "\x1b[3;5H" + line.render(con) + "\x1b[1;1H"
    assert diff.update(update) != ""
    assert diff.update(update) == ""
    changed = update.replace("world", "wOrld")
    out = diff.update(changed)
    assert "O" in out and "hello" not in out and "rld" not in out


def test_what_it_does_not_model_goes_out_unchanged_and_the_screen_is_sent_again() -> None:
    con = console()
    diff = ScreenDiff()
    update = "\x1b[1;1H" + Strip([Segment("abc", Style(bold=True))]).render(con)
    diff.update(update)
    assert diff.update("\x1b[2J") == "\x1b[2J"  # a clear: not modelled
    assert "abc" in diff.update(update)  # so the next update is sent in full
    assert diff.update("\x1b[6n") == "\x1b[6n"  # a probe passes, and the model stays
    assert diff.update(update) == ""


def test_a_wide_character_goes_out_as_written() -> None:
    con = console()
    diff = ScreenDiff()
    update = "\x1b[1;1H" + Strip([Segment("ab", Style(bold=True))]).render(con)
    diff.update(update)
    wide = "\x1b[1;1H" + Strip([Segment("日本", Style(bold=True))]).render(con)
    assert diff.update(wide) == wide
    assert "ab" in diff.update(update)


async def test_a_failed_diff_sends_the_update_as_written_and_asks_for_a_full_repaint() -> None:
    import asyncio

    from tui.link_driver import LinkDriver

    class App:
        repaints = 0

        def refresh(self, repaint: bool = True) -> None:
            App.repaints += 1

    driver = LinkDriver(App())
    sent: list[str] = []
    driver.send = lambda out, now: sent.append(out)  # type: ignore[method-assign]

    def broken(data: str) -> str:
        raise ValueError("a sequence the model does not know")

    driver.diff.absorb = broken  # type: ignore[method-assign]
    driver.emit("\x1b[1;1Hhello")
    assert sent == ["\x1b[1;1Hhello"]
    await asyncio.sleep(0)
    assert App.repaints == 1
