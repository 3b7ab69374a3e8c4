"""Does the app draw every chart change it receives? `python -m tests.perf.redraws [SLUG ...]`

The benchmark's target 4 compares the app's redraws with how often the charts change in a
headless run of the same demo. For a demo whose charts plot measured timings (autodiff), the
app's data and the headless data are not the same numbers, so that yardstick moves from run to
run. This looks inside the app instead: the real compute process, the app at 120x40 under
Pilot, and for SECONDS of running (a demo that finishes is restarted, as the benchmark does with
r), the frames the panel received, their charts drawn at the app's own chart sizes (how many
times a chart changed), against the chart updates that reached the screen. Prints one line per
topic ("all" for every topic); drawn ≥ changes means nothing was dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from typing import Any

from demos import TOPICS
from demos.base import Frame

SETTLE, SECONDS = 4.0, 8.0
FINISHED = ("done", "diverged")


async def count(slug: str, seconds: float, settle: float = SETTLE) -> tuple[int, int, int]:
    """(frames received, chart changes among them, chart updates on screen)."""
    from tests.tui.helpers import fresh_frame, wait_for
    from tui import plotting
    from tui.app import QaApp
    from tui.compute import Compute
    from tui.widgets.plot_view import PlotView

    compute = Compute()
    compute.start()
    app = QaApp(compute, slug=slug)
    received: list[Frame] = []
    updates = 0
    apply = PlotView.apply

    def counted_apply(view: PlotView, rows: Any, width: int) -> None:
        nonlocal updates
        before = view.lines
        apply(view, rows, width)
        updates += recording and view.lines != before

    recording = False
    PlotView.apply = counted_apply  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await fresh_frame(pilot)
            await pilot.pause(settle)
            apply_frame = app.panel.apply_frame
            taking = True

            def record(gen: int, frame: Frame, stats: Any) -> None:
                if taking:  # afterwards frames are dropped: nothing more reaches the screen
                    received.append(frame)
                    apply_frame(gen, frame, stats)

            app.panel.apply_frame = record  # type: ignore[method-assign]
            await wait_for(pilot, lambda: not app.panel.grid.busy)
            if app.panel.frame is not None:
                received.append(app.panel.frame)  # on screen: the first change is from this
            recording = True
            until = time.perf_counter() + seconds
            while time.perf_counter() < until:
                frame = app.panel.frame
                if frame is not None and frame.status in FINISHED:
                    app.panel.reset()  # short demos are restarted, as the benchmark does with r
                await pilot.pause(0.05)
            taking = False
            await wait_for(pilot, lambda: not app.panel.grid.busy)  # the last frame is drawn
            recording = False
            app.panel.apply_frame = apply_frame  # type: ignore[method-assign]
            sizes = [tuple(view.size) for view in app.query(PlotView)]
    finally:
        PlotView.apply = apply  # type: ignore[method-assign]
        compute.stop()
    pictures = [
        [plotting.render(plot, *sizes[i]) for i, plot in enumerate(frame.plots)]
        for frame in received
    ]
    changes = sum(  # chart by chart, as the screen updates are counted
        a[i] != b[i] for a, b in itertools.pairwise(pictures) for i in range(min(len(a), len(b)))
    )
    return len(received), changes, updates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.redraws", description=__doc__)
    parser.add_argument("slugs", nargs="*", default=["autodiff"])
    parser.add_argument("--seconds", type=float, default=SECONDS, help="recorded, per topic")
    parser.add_argument("--settle", type=float, default=SETTLE, help="running before that")
    args = parser.parse_args(argv)
    slugs = [t.slug for t in TOPICS if t.demo] if args.slugs == ["all"] else args.slugs
    print("| topic | frames received | chart changes in them | chart updates drawn |")
    print("|---|---|---|---|")
    for slug in slugs:
        frames, changes, updates = asyncio.run(count(slug, args.seconds, args.settle))
        print(f"| {slug} | {frames} | {changes} | {updates} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
