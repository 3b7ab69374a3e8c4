"""An exception inside a demo shows "error in the demo" in its panel; the rest of the app works.

InlineCompute runs the real engine loop in this process, so patching a demo class here breaks
the demo the engine runs.
"""

from __future__ import annotations

from typing import Any

import pytest

from demos import TOPICS, get_topic, wire
from demos.base import Frame
from demos.engine import Engine
from demos.gradient import GradientDemo
from tui.widgets.plot_view import PlotView

from .helpers import fresh_frame, wait_for


def broken(method: str):  # type: ignore[no-untyped-def]
    def boom(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"boom in {method}")

    return boom


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one("#status").render())


async def other_question_draws(pilot) -> None:  # type: ignore[no-untyped-def]
    """Question 8 (nonlinearity) opens, runs and draws its charts."""
    app = pilot.app
    nonlinearity = TOPICS.index(get_topic("nonlinearity"))
    await pilot.press(str(nonlinearity + 1))
    assert app.panel.topic.slug == "nonlinearity"
    assert str(app.query_one("#question").render()).startswith(f"{nonlinearity + 1}. ")
    await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.frame.step > 0)
    assert not app.panel.error
    assert "error in the demo" not in status(app)
    view = app.query_one("#plot-0", PlotView)
    await wait_for(pilot, lambda: any(line.strip() for line in view.lines))


@pytest.mark.parametrize("method", ["reset", "step", "frame"])
async def test_an_exception_in_a_demo_shows_in_its_panel(
    make_app, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setattr(GradientDemo, method, broken(method))
    app = make_app(slug="gradient")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.panel.built and bool(app.panel.error))
        assert f"RuntimeError: boom in {method}" in app.panel.error
        shown = status(app)
        assert "error in the demo" in shown and f"boom in {method}" in shown, shown
        assert "press r to reset" in shown
        await other_question_draws(pilot)
        # back on the broken question: the error again, not a crash or a stale frame
        await pilot.press("1")
        await wait_for(pilot, lambda: bool(app.panel.error))
        assert "error in the demo" in status(app)
        # once the demo is mended, r brings it back
        monkeypatch.undo()
        await pilot.press("r")
        await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.frame.step > 0)
        assert not app.panel.error and "error in the demo" not in status(app)


async def test_an_exception_on_a_single_step_while_paused(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        monkeypatch.setattr(GradientDemo, "step", broken("step"))
        await pilot.press("full_stop")
        # the status is drawn with the charts, a moment after the error arrives
        await wait_for(pilot, lambda: "boom in step" in status(app))
        await pilot.press("full_stop", "space", "right", "down", "left")  # keys on a dead demo
        await wait_for(pilot, lambda: bool(app.panel.error))
        await other_question_draws(pilot)


def test_a_frame_that_cannot_be_sent_is_a_demo_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real engine pickles each message; a demo whose frame holds something unpicklable
    must get "error" like any other demo bug, not kill the compute process (which the UI
    restarts, reloads the same demo, and loses again, five times)."""
    sent: list[Any] = []

    def emit(message: Any) -> None:
        wire.pack(message)  # what main()'s wire.write does first
        sent.append(message)

    def bad_frame(self: GradientDemo) -> Frame:
        return Frame(step=0, readouts=(("x", (lambda: 0)),))  # type: ignore[arg-type]

    monkeypatch.setattr(GradientDemo, "frame", bad_frame)
    engine = Engine(emit)
    engine.handle(wire.Pause(True))
    assert engine.handle(wire.Load(1, "gradient", {}, 0))
    errors = [m for m in sent if isinstance(m, wire.DemoError)]
    assert errors and errors[0].gen == 1, sent
