"""The long run (issue 7): the installed qa-tui in a 120x40 pty for N minutes of topic switches
and parameter changes, resident memory of both processes sampled every minute.

    python -m tests.perf.longrun [--minutes 30] [--every 1.5] [--seed 0]

Every `--every` seconds one random action: a digit (another question), left/right (a value),
up/down (another parameter), r (reset) or n (new seed). Prints one line per minute and a
summary: growth from the first sample after every question was opened once (their imports are
done) to the end, and from the first sample. Exit status 1 if the app or its compute process
died, or the app stopped drawing charts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from demos import TOPICS
from tests.perf.session import Session, has_plot

ACTIONS = [str(d % 10) for d in range(1, len(TOPICS) + 1)] + ["left", "right"] * 4
ACTIONS += ["up", "down", "up", "down", "r", "n"]


def growth(before: float, after: float) -> float:
    return 100 * (after - before) / before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.longrun", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=1.5, help="seconds between actions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    samples: list[tuple[float, float, float]] = []  # minute, UI MiB, compute MiB
    actions = switches = 0
    opened: set[str] = set()
    warm_index: int | None = None
    with Session.app("--topic", TOPICS[0].slug) as s:
        if s.wait(has_plot, 120) is None:
            print("no chart within 120 s", file=sys.stderr)
            return 1
        began = time.perf_counter()
        pid = s.find_compute().pid  # type: ignore[union-attr]
        samples.append((0.0, *s.rss()))
        print(f"minute  UI MiB  compute MiB  actions  (pid {s.term.process().pid}, compute {pid})")
        print(f"{0:6.1f}  {samples[0][1]:6.1f}  {samples[0][2]:11.1f}  {0:7d}", flush=True)
        next_sample = began + 60
        while time.perf_counter() - began < args.minutes * 60:
            key = rng.choice(ACTIONS)
            s.term.press(key)
            actions += 1
            if key.isdigit():
                switches += 1
                opened.add(key)
            time.sleep(args.every)
            if time.perf_counter() >= next_sample:
                next_sample += 60
                minute = (time.perf_counter() - began) / 60
                samples.append((minute, *s.rss()))
                if warm_index is None and len(opened) == len(TOPICS):
                    warm_index = len(samples) - 1
                ui, compute = samples[-1][1:]
                print(f"{minute:6.1f}  {ui:6.1f}  {compute:11.1f}  {actions:7d}", flush=True)
        s.term.press("1")
        alive = s.wait(has_plot, 30) is not None
        same = s.compute is not None and s.compute.is_running() and s.compute.pid == pid
        end = (args.minutes, *s.rss())
    warm = samples[warm_index if warm_index is not None else min(1, len(samples) - 1)]
    print(f"\n{actions} actions ({switches} question switches) in {args.minutes:g} min")
    for index, name in ((1, "UI"), (2, "compute")):
        print(
            f"{name:8s} start {samples[0][index]:6.1f} MiB, after every question opened "
            f"(minute {warm[0]:.0f}) {warm[index]:6.1f}, end {end[index]:6.1f}: "
            f"{growth(warm[index], end[index]):+.1f} % since minute {warm[0]:.0f}, "
            f"{growth(samples[0][index], end[index]):+.1f} % since start"
        )
    print(f"still drawing at the end: {alive}; same compute process throughout: {same}")
    return 0 if alive and same else 1


if __name__ == "__main__":
    sys.exit(main())
