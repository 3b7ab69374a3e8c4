"""The app through Pilot: topics, keys, clamping, pause/step/reset, sizes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from demos import TOPICS, get_topic
from demos.wire import NewFrame
from tui.widgets.plot_view import PlotView
from tui.widgets.sidebar import Sidebar

from .helpers import fresh_frame, wait_for


async def test_every_question_opens_with_its_answer(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for index, topic in enumerate(TOPICS):
            await pilot.press(str((index + 1) % 10))
            assert app.panel.topic is topic
            assert str(app.query_one("#question").render()).endswith(topic.question)
            assert app.query_one(Sidebar).highlighted == index
            assert topic.answer.strip(), f"{topic.slug} has no answer"
            if topic.demo:
                await fresh_frame(pilot)
                assert not app.panel.error, app.panel.error
                assert app.panel.frame.plots, f"{topic.slug} draws nothing"
            else:
                assert "not built yet" in str(app.query_one("#not-built").render())


async def test_sidebar_enter_opens_question_and_focuses_panel(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.focused is app.panel
        await pilot.press("tab")
        assert isinstance(app.focused, Sidebar)
        await pilot.press("down", "down", "enter")
        assert app.panel.topic is TOPICS[2]
        assert app.focused is app.panel


async def change_every_param(pilot, slug: str) -> None:  # type: ignore[no-untyped-def]
    """Each param moves with one key press, then clamps at both of its bounds."""
    app = pilot.app
    panel = app.panel
    topic = get_topic(slug)
    await pilot.press(str(TOPICS.index(topic) + 1))
    await fresh_frame(pilot)
    for param in topic.params:
        if param not in panel.active_params():
            panel.values["mode"] = param.modes[0]
            panel.load()
        panel.cursor = panel.active_params().index(param)
        start = panel.values[param.name]
        if param.scale in ("choice", "bool"):
            seen = []
            for _ in range(len(param.choices) or 2):
                await pilot.press("right")
                seen.append(panel.values[param.name])
            assert seen[-1] == start and len(set(seen)) == (len(param.choices) or 2)
            continue
        await pilot.press("right")
        assert panel.values[param.name] != start, param.name
        for bound, key in ((param.hi, "right"), (param.lo, "left")):
            assert bound is not None
            panel.values[param.name] = param.nudge(bound, 1 if key == "left" else -1)
            await pilot.press(key, key, key)
            assert panel.values[param.name] == pytest.approx(bound), param.name
            rendered = app.query_one("#params").line(panel.cursor)[1].plain
            assert ("(max)" if key == "right" else "(min)") in rendered
            await fresh_frame(pilot)
            assert not panel.error, f"{param.name}={bound}: {panel.error}"
        panel.values[param.name] = start
        panel.load()
    await fresh_frame(pilot)
    assert not panel.error, panel.error


@pytest.mark.parametrize("slug", ["gradient", "nonlinearity"])
async def test_every_param_changes_and_clamps(make_app, slug: str) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await change_every_param(pilot, slug)


async def test_up_down_select_a_param(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down")
        assert app.panel.cursor == 2
        await pilot.press("up", "up", "up")
        assert app.panel.cursor == len(app.panel.active_params()) - 1
        before = dict(app.panel.values)
        await pilot.press("right")
        changed = [k for k in before if before[k] != app.panel.values[k]]
        assert changed == [app.panel.active_params()[app.panel.cursor].name]


async def test_pause_step_reset_and_new_seed(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        await fresh_frame(pilot)
        assert panel.frame.step == 0
        for expected in (1, 2, 3):
            await pilot.press("full_stop")
            await wait_for(pilot, lambda e=expected: panel.frame.step == e)
        await pilot.press("space")
        assert not panel.paused
        await wait_for(pilot, lambda: panel.frame.step >= 6)
        await pilot.press("space")
        assert panel.paused
        seed, gen = panel.seed, panel.gen
        await pilot.press("r")
        await wait_for(pilot, lambda: panel.frame is not None and panel.frame.step == 0)
        assert panel.seed == seed and panel.gen == gen + 1
        await pilot.press("n")
        assert panel.seed != seed
        await fresh_frame(pilot)
        assert "seed" in str(app.query_one("#status").render())


async def test_plots_draw_and_follow_the_frame(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        view = app.query_one("#plot-0", PlotView)
        await wait_for(pilot, lambda: any(line.strip() for line in view.lines))
        assert "loss around" in "".join(view.lines)
        builds = view.builds
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: view.builds > builds)


@pytest.mark.parametrize("size", [(20, 8), (250, 80), (80, 24), (40, 12)])
async def test_resizes_never_break(make_app, size: tuple[int, int]) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.resize_terminal(*size)
        await pilot.pause(0.1)
        tiny = size[0] < 40 or size[1] < 12
        assert app.tiny() is tiny
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.1)
        assert not app.tiny()
        value = app.panel.values["param"]
        await pilot.press("left")
        assert app.panel.values["param"] != value


async def test_narrow_terminal_hides_sidebar_until_tab(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        sidebar = app.query_one(Sidebar)
        assert sidebar.region.width == 0
        await pilot.press("tab")
        await pilot.pause()
        assert sidebar.region.width > 0 and app.focused is sidebar
        await pilot.press("tab")
        await pilot.pause()
        assert sidebar.region.width == 0 and app.focused is app.panel


async def test_a_frame_right_after_a_key_waits_for_the_keys_echo(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Frames that come within KEY_FIRST of a key are held (the newest wins), then drawn."""
    import tui.app
    from tui.app import ComputeMessage

    monkeypatch.setattr(tui.app, "KEY_FIRST", 0.5)  # long enough to look at, on a slow machine
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        panel = app.panel
        shown = panel.frame
        newer = replace(shown, step=shown.step + 7)
        await pilot.press("left")  # a key: restarts the demo (gen + 1), starts the hold
        app.post_message(ComputeMessage(NewFrame(panel.gen, shown, panel.stats)))
        app.post_message(ComputeMessage(NewFrame(panel.gen, newer, panel.stats)))
        await pilot.pause()
        assert panel.frame is None  # held: the key's echo is drawn first
        await wait_for(pilot, lambda: panel.frame is not None)
        assert panel.frame is not shown  # held frames: only the newest is drawn


async def test_charts_drawn_right_after_a_key_wait_for_its_echo(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A chart finished within KEY_FIRST of a key goes on screen after the hold, with its
    frame's readouts (one screen update), not together with the key's echo."""
    import time

    import tui.app
    from demos.base import Plot, Series
    from tui.widgets.plot_grid import PlotGrid

    monkeypatch.setattr(tui.app, "KEY_FIRST", 0.5)
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        view = app.query_one("#plot-0", PlotView)
        grid = app.query_one(PlotGrid)
        texts: list[float] = []
        app.key_at = time.monotonic()  # as if a key had just come
        grid.show((Plot("held", (Series("s", (1.0, 2.0, 3.0)),)),), then=lambda: texts.append(1))
        await pilot.pause(0.2)
        assert "held" not in "".join(view.lines) and not texts  # drawn, but waiting
        await wait_for(pilot, lambda: "held" in "".join(view.lines))
        assert texts == [1]


async def test_charts_that_finish_after_the_panels_blocks_are_gone_do_not_fail(make_app) -> None:  # type: ignore[no-untyped-def]
    """At exit Textual removes the panel's widgets one by one; a chart drawing that finishes
    after the status block has gone must not raise (CI saw NoMatches '#status' at exit)."""
    from tui.widgets.plot_grid import PlotGrid

    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        frame = app.panel.frame
        await app.query_one("#controls").remove()
        app.panel.error = "boom"  # so the panel redraws (status and all), not keeps its picture
        app.panel.redraw()
        app.panel.show_frame_text(frame)
        app.panel.engine_note = "again"
        await wait_for(pilot, lambda: not app.query_one(PlotGrid).busy)
    assert app.return_code in (0, None)


async def test_when_ready_runs_once_when_the_panel_is_built(make_app) -> None:
    """`qa-tui` turns garbage collection back on here (tui.memory.settle)."""
    calls: list[bool] = []
    app = make_app(paused=True, when_ready=lambda: calls.append(app.panel.built))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(calls))
        await pilot.press("2", "3")
        await pilot.pause(0.1)
    assert calls == [True]


def test_hold_collection_then_settle() -> None:
    import gc

    from tui.memory import hold_collection, settle

    try:
        hold_collection()
        assert not gc.isenabled()
        settle()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
