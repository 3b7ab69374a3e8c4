"""Tiny and huge terminals: below 40x12 only the "too small" notice shows; frames and keys that
arrive meanwhile break nothing, and everything comes back when the terminal grows again.
"""

from __future__ import annotations

import time

import pytest

from demos import TOPICS
from tui.widgets.sidebar import Sidebar

from .helpers import fresh_frame, wait_for
from .keyfuzz import keys_without_idle_wait
from .ptyapp import PtyApp


@pytest.fixture(autouse=True)
def quick_keys():  # type: ignore[no-untyped-def]
    with keys_without_idle_wait():  # a demo runs on a thread here: the process is never idle
        yield


def drawn_plots(app) -> list:  # type: ignore[no-untyped-def]
    """The chart widgets on screen that hold some drawing."""
    from tui.widgets.plot_view import PlotView

    return [
        view
        for view in app.main_screen.query(PlotView)
        if view.region.area and any(line.strip() for line in view.lines)
    ]


def assert_too_small(app) -> None:  # type: ignore[no-untyped-def]
    notice = app.main_screen.query_one("#too-small")
    assert app.tiny()
    assert notice.region.area > 0, "the notice is not on screen"
    assert "too small" in str(notice.render())
    for hidden in ("#body", "#title-bar", "KeyBar"):
        assert app.main_screen.query_one(hidden).region.area == 0, f"{hidden} still drawn"


@pytest.mark.parametrize("size", [(39, 40), (120, 11), (10, 5), (1, 1)])
async def test_too_small_shows_only_the_notice_and_recovers(make_app, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="nonlinearity")  # running: frames keep arriving while tiny
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(drawn_plots(app)))
        await pilot.resize_terminal(*size)
        await pilot.pause(0.3)
        assert_too_small(app)
        step = app.panel.frame.step
        await wait_for(pilot, lambda: app.panel.frame.step > step)  # the demo ran on
        await pilot.press("space", "right", "down", "tab", "tab", "3")  # keys while tiny
        await pilot.pause(0.1)
        assert_too_small(app)
        assert app.panel.topic is TOPICS[2]
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.3)
        assert not app.tiny()
        assert app.main_screen.query_one("#too-small").region.area == 0
        assert app.focused is app.panel or app.focused is not None
        await fresh_frame(pilot)
        await wait_for(pilot, lambda: bool(drawn_plots(app)))
        if app.focused is not app.panel:
            await pilot.press("tab")
        value = app.panel.values[app.panel.active_params()[app.panel.cursor].name]
        await pilot.press("right")
        assert app.panel.values[app.panel.active_params()[app.panel.cursor].name] != value
        app.compute.stop()
        await pilot.pause()


@pytest.mark.parametrize("size", [(40, 12), (300, 100)])
async def test_the_smallest_and_a_huge_terminal_draw_every_chart(make_app, size) -> None:  # type: ignore[no-untyped-def]
    slug = "sgd"  # two charts, one with fixed limits
    app = make_app(slug=slug, paused=True)
    async with app.run_test(size=size) as pilot:
        await fresh_frame(pilot)
        assert not app.tiny()
        for _ in range(3):
            await pilot.press("full_stop")
        await wait_for(pilot, lambda: app.panel.frame.step == 3)
        plots = len(app.panel.frame.plots)
        assert plots >= 1
        if size == (300, 100):
            await wait_for(pilot, lambda: len(drawn_plots(app)) == plots)
            for view in drawn_plots(app):
                assert len(view.lines) == view.size.height
        else:  # 40x12: no room for charts; what is there is the panel, not garbage
            assert app.main_screen.query_one("#too-small").region.area == 0
            assert app.panel.region.area > 0
        app.compute.stop()
        await pilot.pause()


def test_keys_in_a_terminal_that_starts_too_small(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzz_long.py. The installed app in a 30x30 pty: tab then pageup ended it with
    KeyError in OptionList._move_page (the sidebar has no lines until it is laid out)."""
    app = PtyApp(["--topic", "numpy"], config_dir=tmp_path, cols=30, rows=30)
    try:
        assert app.wait_for(lambda text: "too small" in text, timeout=30), app.text()
        for key in (b"\t", b"\x1b[5~", b"\x1b[6~", b"\t", b"\x1b[5~"):  # tab, pgup, pgdn
            app.write(key)
            time.sleep(0.2)
        assert app.wait_exit(timeout=1.0) is None, app.bytes_since(0)[-300:]
        app.write(b"q")
        assert app.wait_exit(timeout=5.0) is not None
        assert app.proc.exitstatus == 0
        assert b"Traceback" not in app.bytes_since(0)
    finally:
        app.close()


async def test_paging_a_sidebar_that_was_never_laid_out(make_app) -> None:  # type: ignore[no-untyped-def]
    """The sidebar hidden from the start has no lines: page up/down go to the first/last."""
    app = make_app(slug="numpy", paused=True)
    async with app.run_test(size=(30, 30)) as pilot:
        sidebar = app.main_screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.pause()
        sidebar.action_page_up()
        assert sidebar.highlighted == 0
        sidebar.action_page_down()
        assert sidebar.highlighted == len(TOPICS) - 1
        app.compute.stop()
        await pilot.pause()


async def test_a_resize_under_a_modal_screen_reaches_the_main_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    """Found by fuzz_long.py (seed 2): resized to 30x34 while the code screen was open, then
    back to 120x40 with the main screen on top, the main screen still said "too small"
    (Textual's breakpoints only update the screen on top)."""
    app = make_app(slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("c", "tab", "c", "up", "j")
        await pilot.resize_terminal(30, 34)
        await pilot.pause()
        await pilot.press("escape", "escape", "f1")
        while len(app.screen_stack) > 1:
            await pilot.press("escape")
            await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.tiny()
        assert app.main_screen.query_one("#too-small").region.area == 0
        await pilot.press("question_mark")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.main_screen.has_class("-narrow") and app.main_screen.has_class("-short")
        assert app.main_screen.query_one(Sidebar).region.width == 0  # narrow: sidebar hidden
        app.compute.stop()
        await pilot.pause()
