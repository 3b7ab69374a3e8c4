"""Small waits for Pilot tests: frames arrive from another thread."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def wait_for(pilot: Pilot, ready: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the panel")
        await pilot.pause(0.02)


async def fresh_frame(pilot: Pilot) -> None:
    """Wait until the panel shows a frame of its current generation (or an error), its charts
    and text drawn."""
    from tui.widgets.plot_grid import PlotGrid

    panel = pilot.app.panel  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: panel.built and (panel.frame is not None or bool(panel.error)))
    grid = panel.query_one(PlotGrid)
    await wait_for(pilot, lambda: not grid.busy)
