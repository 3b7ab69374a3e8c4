"""Time to the first frame of every question and mode, headless: `python -m tests.perf.first_frame
[--rounds N] [--against OTHER_CHECKOUT] [SLUG ...]`.

Each measurement is a fresh process (as the compute process is at a question's first visit):
torch is imported first, untimed, then `demos.headless.start(slug, {mode})` and one `frame()` are
timed together. Prints the median over the rounds, in ms, one line per question and mode.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import json, sys, time
import torch
torch.set_num_threads(1)
import demos
from demos.headless import start
slug, values = sys.argv[1], json.loads(sys.argv[2])
assert demos.__file__.startswith(sys.argv[3]), demos.__file__
began = time.perf_counter()
demo = start(slug, values, 0)
demo.frame()
print(json.dumps(time.perf_counter() - began))
"""


def cases(slugs: list[str]) -> list[tuple[str, dict[str, str]]]:
    from demos import TOPICS

    out: list[tuple[str, dict[str, str]]] = []
    for topic in TOPICS:
        if slugs and topic.slug not in slugs:
            continue
        modes = topic.param("mode").choices if "mode" in topic.defaults() else ()
        out += [(topic.slug, {"mode": m}) for m in modes] or [(topic.slug, {})]
    return out


def measure(slug: str, values: dict[str, str], root: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, slug, json.dumps(values), root],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,  # `-c` puts the current directory first on sys.path: that tree's demos
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--against", metavar="DIR", help="another checkout of qa-tui, timed in the same rounds"
    )
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parents[2])
    roots = [here, *([str(Path(args.against).resolve())] if args.against else [])]
    todo = cases(args.slugs)
    times: dict[tuple[int, str], list[float]] = {}
    for _ in range(args.rounds):  # interleaved, so a busy moment spreads over every case
        for i, (slug, values) in enumerate(todo):
            for root in roots:
                times.setdefault((i, root), []).append(measure(slug, values, root))
    print(f"{'question and mode':<34}" + "".join(f"{Path(r).name:>14}" for r in roots))
    for i, (slug, values) in enumerate(todo):
        name = f"{slug} {values.get('mode', '')}".strip()
        medians = [1000 * statistics.median(times[i, root]) for root in roots]
        print(f"{name:<34}" + "".join(f"{m:11.1f} ms" for m in medians))


if __name__ == "__main__":
    main()
