"""Random keys and resizes through Pilot, and the check that the app still answers afterwards.

Shared by test_reliability_keys.py (hypothesis, a CI budget) and fuzz_long.py (10 000+ keys).
"""

from __future__ import annotations

import asyncio
import contextlib
import string
from collections.abc import Iterator, Sequence
from typing import Union

import textual.app
import textual.pilot
from textual.pilot import Pilot

from demos import TOPICS

from .helpers import fresh_frame, wait_for

# Every binding but the quit keys (q, ctrl+q), and escape to close the help and code screens.
BINDING_KEYS = ("space", "full_stop", "r", "n", "c", "e", "question_mark", "f1", "escape")
NAVIGATION = (
    "up",
    "down",
    "left",
    "right",
    "tab",
    "shift+tab",
    "enter",
    "pageup",
    "pagedown",
    "home",
    "end",
    "ctrl+c",  # Textual's "press ctrl+q to quit" hint, not a quit
)
DIGITS = tuple(string.digits)
LETTERS = tuple(c for c in string.ascii_lowercase if c != "q")
KEYS = BINDING_KEYS + NAVIGATION + DIGITS + LETTERS
MIN_SIZE, MAX_SIZE = (10, 5), (300, 100)

Action = Union[str, tuple[int, int]]  # a key, or a terminal size  # noqa: UP007


async def no_idle_wait(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    await asyncio.sleep(0.001)


@contextlib.contextmanager
def keys_without_idle_wait() -> Iterator[None]:
    """Pilot.press and resize_terminal, minus Textual's wait for the *process* to go idle.

    That wait (up to 1 s, twice a key) never ends early here: the engine runs demos on a thread
    of this process. Each key still waits until the screen has handled its events, and frames
    keep arriving between keys, as they do when a person types.
    """
    saved = textual.app.wait_for_idle, textual.pilot.wait_for_idle
    textual.app.wait_for_idle = textual.pilot.wait_for_idle = no_idle_wait  # type: ignore[assignment]
    try:
        yield
    finally:
        textual.app.wait_for_idle, textual.pilot.wait_for_idle = saved


async def drive(pilot: Pilot, actions: Sequence[Action]) -> dict[str, int]:
    """Press each key and apply each resize; returns how many of each kind ran."""
    counts = {"keys": 0, "resizes": 0}
    for action in actions:
        if isinstance(action, str):
            await pilot.press(action)
            counts["keys"] += 1
        else:
            await pilot.resize_terminal(*action)
            counts["resizes"] += 1
    return counts


def question_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main_screen.query_one("#question").render())


async def assert_still_works(pilot: Pilot, index: int) -> None:
    """Escape out of any modal, grow the terminal, open question `index` with its digit key,
    and change the selected parameter with right: each visibly changes the screen."""
    app = pilot.app
    for _ in range(6):
        if len(app.screen_stack) == 1:
            break
        await pilot.press("escape")
        await pilot.pause()
    assert len(app.screen_stack) == 1, f"escape does not close {app.screen!r}"
    await pilot.resize_terminal(120, 40)
    await pilot.pause()
    assert not app.tiny()
    topic = TOPICS[index]
    await pilot.press(str((index + 1) % 10))
    panel = app.panel  # type: ignore[attr-defined]
    assert panel.topic is topic, f"digit {(index + 1) % 10} did not open {topic.slug}"
    assert question_text(app) == f"{index + 1}. {topic.question}"
    if app.focused is not panel:
        await pilot.press("tab")
    assert app.focused is panel, f"tab leaves the focus on {app.focused!r}"
    await fresh_frame(pilot)
    assert not panel.error, panel.error
    param = panel.active_params()[panel.cursor]
    before, gen = panel.values[param.name], panel.gen
    rendered = app.query_one("#params").line(panel.cursor)[1].plain
    await pilot.press("right")
    assert panel.values[param.name] != before, f"right did not change {param.name}"
    assert panel.gen == gen + 1
    await wait_for(pilot, lambda: app.query_one("#params").line(panel.cursor)[1].plain != rendered)
    await fresh_frame(pilot)
    assert not panel.error, panel.error
