"""The long key fuzz (not collected by pytest): 10 000+ random keys and resizes through Pilot.

    python -m tests.tui.fuzz_long [--keys 10000] [--session 1000] [--seed 0]

Runs sessions of up to `--session` actions (keys, and a sixth resizes), each on a fresh app
(InlineCompute: the real engine on a thread) opened on a random question, paused or not, until
`--keys` keys were pressed. Every 250 actions and at the end of each session it checks that
escape, a digit and right still work. Exceptions are caught per session, so one crash does not
hide the next; the summary lists them with the actions that led there. Exit status 1 if any.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

import psutil

from demos import SLUGS, TOPICS
from tests.tui.conftest import InlineCompute
from tests.tui.keyfuzz import (
    KEYS,
    MAX_SIZE,
    MIN_SIZE,
    Action,
    assert_still_works,
    drive,
    keys_without_idle_wait,
)
from tui.app import QaApp

CHECK_EVERY = 250


def random_actions(rng: random.Random, count: int) -> list[Action]:
    """As the hypothesis test draws them: 2/3 keys, 1/6 escape, 1/6 resizes."""
    actions: list[Action] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 1 / 6:
            actions.append(
                (rng.randint(MIN_SIZE[0], MAX_SIZE[0]), rng.randint(MIN_SIZE[1], MAX_SIZE[1]))
            )
        elif roll < 2 / 6:
            actions.append("escape")
        else:
            actions.append(rng.choice(KEYS))
    return actions


async def session(
    rng: random.Random, count: int, export_dir: Path, totals: dict, trail: list
) -> None:
    slug, paused = rng.choice(SLUGS), rng.random() < 0.5
    app = QaApp(InlineCompute(), slug=slug, paused=paused, export_dir=export_dir)  # type: ignore[arg-type]
    actions = random_actions(rng, count)
    trail[:] = [f"start {slug} paused={paused} at 120x40"]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for start in range(0, count, CHECK_EVERY):
                for action in actions[start : start + CHECK_EVERY]:
                    trail.append(repr(action))
                    done = await drive(pilot, [action])
                    totals["keys"] += done["keys"]
                    totals["resizes"] += done["resizes"]
                trail.append("still-works check")
                assert app.is_running, "a fuzzed key ended the app"
                await assert_still_works(pilot, rng.randrange(len(TOPICS)))
                totals["checks"] += 1
            app.compute.stop()
            await pilot.pause()
    finally:
        app.compute.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=10_000, help="keys to press in all")
    parser.add_argument("--session", type=int, default=1_000, help="actions per fresh app")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals = {"keys": 0, "resizes": 0, "checks": 0, "sessions": 0}
    failures: list[str] = []
    process = psutil.Process()
    rss_start = process.memory_info().rss
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as export_dir, keys_without_idle_wait():
        while totals["keys"] < args.keys:
            count = min(args.session, round((args.keys - totals["keys"]) * 1.25) + 1)
            began = time.perf_counter()
            trail: list[str] = []
            try:
                asyncio.run(session(rng, count, Path(export_dir), totals, trail))
                outcome = "ok"
            except Exception:
                failures.append(
                    traceback.format_exc() + "the last actions: " + ", ".join(trail[-12:])
                )
                outcome = "EXCEPTION: " + traceback.format_exc().strip().splitlines()[-1]
            totals["sessions"] += 1
            print(
                f"session {totals['sessions']}: {count} actions, "
                f"{time.perf_counter() - began:.0f} s, "
                f"rss {process.memory_info().rss / 1e6:.0f} MB, {outcome}",
                flush=True,
            )
        exported = len(list(Path(export_dir).iterdir()))
    seconds = time.perf_counter() - started
    print(
        f"\nkeys {totals['keys']}, resizes {totals['resizes']}, sessions {totals['sessions']}, "
        f"still-works checks {totals['checks']}, exports written {exported}, "
        f"{seconds:.0f} s ({(totals['keys'] + totals['resizes']) / seconds:.1f} actions/s), "
        f"rss {rss_start / 1e6:.0f} -> {process.memory_info().rss / 1e6:.0f} MB, "
        f"exceptions {len(failures)}"
    )
    for failure in failures:
        print("\n" + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
