"""Demos without any UI, for the benchmark: `python -m tests.perf.headless SLUG RATE_S MICRO_S
[SETTLE_S]`.

Prints one JSON object {"rate": ..., "micro": ...}. Runs in its own process so that torch (one
thread, as in the app's compute process) never loads into the benchmark that drives the pty.

- rate: after 3 untimed steps, steps per second for RATE_S seconds, sleeping Topic.pace after
  each step as the engine does; a demo that finishes early is timed up to its last step. Also
  how often the frames' charts change when drawn (at CHART, the size of one of two stacked
  charts at 120x40): the most redraws a second the app can show; a change smaller than a cell
  (numpy's arrays change every step, their pictures every other) cannot show.
- micro: one step() plus one frame(), timed, repeatedly for MICRO_S seconds (the demo is
  restarted, untimed, when it finishes); median and p95 in ms.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import time

WARM_STEPS = 3  # the benchmark's app window also starts after step 3
CHART = (50, 12)  # columns, rows


def picture_changes(frames: list[tuple[object, ...]]) -> int:
    """How many times the drawn charts change from one frame to the next."""
    from tui import plotting

    pictures = [[plotting.render(plot, *CHART) for plot in plots] for plots in frames]  # type: ignore[arg-type]
    return sum(a != b for a, b in itertools.pairwise(pictures))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def rate(
    slug: str, seconds: float, settle: float = 0.0, fps: float = 10.0
) -> dict[str, float | int | bool]:
    """Steps per second (frame() time left out) and how often the plots' data changes when a
    frame is taken at `fps`, as the engine does: the most redraws a second the data allows.
    It starts `settle` seconds after step 3, as the app's window does: a demo whose steps grow
    (autodiff's Jacobians) changes its charts less often later on."""
    from demos import get_topic
    from demos.headless import start

    pace = get_topic(slug).pace
    demo = start(slug)
    for _ in range(WARM_STEPS):  # one-off costs (lazy imports) are not throughput
        if not demo.step():
            demo = start(slug)
    until = time.perf_counter() + settle
    while time.perf_counter() < until:
        if not demo.step():  # a short demo: the app restarts it; measure from its start
            demo = start(slug)
            break
        time.sleep(pace)
    plots = demo.frame().plots
    frames = [plots]
    steps, changes, frame_time, finished = 0, 0, 0.0, False
    began = time.perf_counter()
    last = last_frame = began
    while time.perf_counter() - began < seconds:
        more = demo.step()
        steps += 1
        spent = 0.0
        if not more or time.perf_counter() - last_frame >= 1 / fps:
            t0 = time.perf_counter()
            new = demo.frame().plots
            last_frame = time.perf_counter()
            spent = last_frame - t0
            frame_time += spent
            changes += new != plots
            plots = new
            frames.append(new)
        if not more:
            finished = True
            last = time.perf_counter() + pace  # a step's period includes its pace
            break
        if pace > 0:
            time.sleep(max(0.0, pace - spent))  # the engine draws while it waits out the pace
        last = time.perf_counter()  # after the pace: N steps, N periods (padding's is 0.8 s)
    elapsed = max(last - began, 1e-9)
    stepping = elapsed if pace > 0 else max(elapsed - frame_time, 1e-9)
    return {
        "steps": steps,
        "seconds": elapsed,
        "steps_per_s": steps / stepping,
        "plot_changes_per_s": changes / elapsed,
        "picture_changes_per_s": picture_changes(frames) / elapsed,
        "finished": finished,
    }


def micro(slug: str, seconds: float, most: int = 2000) -> dict[str, float | int]:
    from demos.headless import start

    demo = start(slug)
    for _ in range(WARM_STEPS):  # first calls pay for lazy imports and allocations
        if not demo.step():
            demo = start(slug)
        demo.frame()
    times: list[float] = []
    began = time.perf_counter()
    while time.perf_counter() - began < seconds and len(times) < most:
        t0 = time.perf_counter()
        more = demo.step()
        demo.frame()
        times.append(time.perf_counter() - t0)
        if not more:
            demo = start(slug)
    ms = [1000 * t for t in times]
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": percentile(ms, 95)}


def main(argv: list[str]) -> None:
    slug, rate_seconds, micro_seconds = argv[0], float(argv[1]), float(argv[2])
    settle = float(argv[3]) if len(argv) > 3 else 0.0
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    torch.set_num_threads(1)
    print(
        json.dumps({"rate": rate(slug, rate_seconds, settle), "micro": micro(slug, micro_seconds)})
    )


if __name__ == "__main__":
    main(sys.argv[1:])
