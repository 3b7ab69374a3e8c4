"""Small waits for Pilot tests: frames arrive from another thread."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot


async def wait_for(pilot: Pilot, ready: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the panel")
        await pilot.pause(0.02)


def record_notifications(app: App[object]) -> list[str]:
    """The text of every notification `app` shows from now on (a spy on the public notify)."""
    said: list[str] = []
    notify = app.notify

    def spy(message: object, *args: object, **kwargs: object) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    return said


async def fresh_frame(pilot: Pilot) -> None:
    """Wait until the panel shows a frame of its current generation (or an error), its charts
    and text drawn."""
    from tui.widgets.plot_grid import PlotGrid

    panel = pilot.app.panel  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: panel.built and (panel.frame is not None or bool(panel.error)))
    grid = panel.query_one(PlotGrid)
    await wait_for(pilot, lambda: not grid.busy)
