"""SVG snapshots of paused, seeded panels (never of live training: those differ run to run).

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from textual.pilot import Pilot

from .helpers import wait_for


def stepped(times: int):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        panel = pilot.app.panel  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: panel.frame is not None)
        for step in range(1, times + 1):
            await pilot.press("full_stop")
            await wait_for(pilot, lambda s=step: panel.frame.step == s)
        await pilot.pause(0.2)

    return run_before


def test_gradient_panel_paused_after_five_steps(snap_compare, make_app) -> None:
    app = make_app(slug="gradient", paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=stepped(5))


def test_nonlinearity_panel_at_80x24(snap_compare, make_app) -> None:
    app = make_app(slug="nonlinearity", paused=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=stepped(3))
