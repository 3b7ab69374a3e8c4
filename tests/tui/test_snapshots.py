"""SVG snapshots of paused, seeded panels (never of live training: those differ run to run):
every question at 80x24 (the SSH default) and at 120x40.

Update after an intended change (a layout or chart change) with:

    python -m pytest -p no:xdist tests/tui/test_snapshots.py --snapshot-update

and look at the SVGs under tests/tui/__snapshots__/test_snapshots/ before committing them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot

from demos import TOPICS

from .helpers import fresh_frame, wait_for

# Mode shown where the default one plots timings (they differ from run to run).
MODES = {"autodiff": "finite differences"}
# Readouts that are wall-clock times: replaced on screen so the picture is the same every run.
TIMED = {"deeper": ("ms/step plain", "ms/step residual")}
SIZES = [(80, 24), (120, 40)]


def stepped(times: int, timed: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        panel = pilot.app.panel  # type: ignore[attr-defined]
        if timed:
            apply_frame = panel.apply_frame

            def untimed(gen, frame, stats):  # type: ignore[no-untyped-def]
                rows = tuple((k, "(timed)" if k in timed else v) for k, v in frame.readouts)
                apply_frame(gen, replace(frame, readouts=rows), stats)

            panel.apply_frame = untimed
        await wait_for(pilot, lambda: panel.frame is not None)
        for step in range(1, times + 1):
            await pilot.press("full_stop")
            await wait_for(
                pilot, lambda s=step: panel.frame.step >= s or panel.frame.status != "running"
            )
        await fresh_frame(pilot)
        await pilot.pause(0.2)

    return run_before


def test_gradient_panel_paused_after_five_steps(snap_compare, make_app) -> None:
    app = make_app(slug="gradient", paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=stepped(5))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("slug", [topic.slug for topic in TOPICS])
def test_panel(snap_compare, make_app, slug: str, size: tuple[int, int]) -> None:
    values = {"mode": MODES[slug]} if slug in MODES else None
    app = make_app(slug=slug, values=values, paused=True, seed=1)
    run_before = stepped(5, TIMED.get(slug, ()))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
