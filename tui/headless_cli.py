"""`qa-tui run SLUG [--set NAME=VALUE ...] [--steps N] [--seed S] [--json]`: a demo, no screen.

`--experiment NAME` runs one of the topic's guided experiments instead: its values, its step
budget (unless --steps is given), and reports whether its check held on some frame.

Steps the demo exactly as the app's compute process does (`demos.headless.start`, then `step()`
until it reports it is done; torch threads from QA_TUI_THREADS, default 1), so the readouts
match the panel's for the same seed and values. Prints the readouts as aligned "label: value"
lines, or with --json one JSON object with the series. Bad input: one line on stderr, status 2.
Torch is imported only once the arguments are known to be good. No Textual here.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from demos import get_topic, slugs, topics
from demos.base import Experiment, Frame, Topic, Value
from tui.settings import SEED_RANGE, SEED_TEXT, CommandParser, UsageError, integer, parse_sets

__all__ = ["MAX_STEPS", "frame_json", "run_command"]

PROG = "qa-tui run"
DEFAULT_STEPS = 200
MAX_STEPS = 100_000


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog=PROG,
        description="Step a demo without the full-screen app and print its readouts.",
    )
    parser.add_argument("slug", metavar="SLUG", help=f"the question ({', '.join(slugs())})")
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); see the panel or the help screen for names",
    )
    parser.add_argument(
        "--steps",
        default=str(DEFAULT_STEPS),
        metavar="N",
        help=f"steps to run, 1-{MAX_STEPS} (default 200)",
    )
    parser.add_argument("--seed", default="0", metavar="S", help="random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--experiment",
        metavar="NAME",
        help="run a guided experiment: its values and step budget (qa-tui experiments)",
    )
    return parser


def run_command(argv: list[str]) -> int:
    """Run `qa-tui run` with the arguments after "run"; the exit status (0, 1 or 2)."""
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help
            return done.code if isinstance(done.code, int) else 0
        topic, values, steps, seed = _check(args)
        experiment = _experiment(topic, args)
    except UsageError as error:
        return _fail(str(error), 2)
    held = None
    try:
        if experiment is not None:
            from demos.engine import set_threads
            from demos.headless import run_experiment

            set_threads()
            given = any(a == "--steps" or a.startswith("--steps=") for a in argv)
            budget = steps if given else None  # the experiment's own budget by default
            frame, held = run_experiment(topic.slug, experiment.name, seed, budget)
            values = topic.values(experiment.settings())
        else:
            frame = _run(topic, values, seed, steps)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as error:  # a broken demo: one line, like the panel shows it
        return _fail(_describe(error), 1)
    try:
        if args.json:
            data = frame_json(topic.slug, seed, values, frame)
            if experiment is not None:
                data["experiment"] = {"name": experiment.name, "held": held}
            print(json.dumps(data, allow_nan=False))
        else:
            print(readout_text(frame))
            if experiment is not None:
                print(f"experiment {experiment.name}: {'held' if held else 'did not hold'}")
        sys.stdout.flush()
    except BrokenPipeError:  # `qa-tui run ... | head`
        _silence_stdout()
    return 0


def _check(args: argparse.Namespace) -> tuple[Topic, dict[str, Value], int, int]:
    if args.slug not in slugs():
        raise UsageError(f"unknown topic {args.slug!r} (choose from {', '.join(slugs())})")
    topic = get_topic(args.slug)
    if not topic.demo:
        runnable = ", ".join(t for t in slugs() if get_topic(t).demo)
        raise UsageError(f"{topic.slug} has no live demo yet (choose from {runnable})")
    sets = parse_sets(topic, args.sets)
    values = topic.values(sets)
    steps = integer("--steps", args.steps, 1, MAX_STEPS, f"from 1 to {MAX_STEPS}")
    seed = integer("--seed", args.seed, *SEED_RANGE, SEED_TEXT)
    return topic, values, steps, seed


def _experiment(topic: Topic, args: argparse.Namespace) -> Experiment | None:
    if args.experiment is None:
        return None
    if args.sets:
        raise UsageError("--experiment sets its own values; leave out --set")
    try:
        return topic.experiment(args.experiment)
    except KeyError:
        names = ", ".join(e.name for e in topic.experiments)
        raise UsageError(
            f"unknown experiment {args.experiment!r} for {topic.slug} (choose from {names})"
        ) from None


def experiments_text() -> str:
    """`qa-tui experiments`: one line per guided experiment: slug, name, title."""
    rows = [(t.slug, e.name, e.title) for t in topics() for e in t.experiments]
    name_width = max(len(name) for _, name, _ in rows)
    return "\n".join(f"{slug:<13} {name:<{name_width}} {title}" for slug, name, title in rows)


def _run(topic: Topic, values: Mapping[str, Value], seed: int, steps: int) -> Frame:
    """What the compute process does for Load(gen, slug, values, seed), then `steps` steps."""
    from demos.engine import set_threads
    from demos.headless import start

    set_threads()
    demo = start(topic.slug, values, seed)
    for _ in range(steps):
        if not demo.step():
            break
    return demo.frame()


def readout_text(frame: Frame) -> str:
    """The readouts, then step, status and message, as aligned "label: value" lines."""
    rows = [*frame.readouts, ("step", str(frame.step)), ("status", frame.status)]
    if frame.message:
        rows.append(("message", frame.message))
    width = max(len(label) for label, _ in rows) + 1
    return "\n".join(f"{label + ':':<{width}} {value}" for label, value in rows)


def frame_json(slug: str, seed: int, values: Mapping[str, Value], frame: Frame) -> dict[str, Any]:
    """Plain JSON data: every number finite or null."""
    return {
        "slug": slug,
        "seed": seed,
        "values": dict(values),
        "step": frame.step,
        "status": frame.status,
        "message": frame.message,
        "readouts": {label: value for label, value in frame.readouts},
        "plots": [
            {
                "title": plot.title,
                "xlabel": plot.xlabel,
                "ylabel": plot.ylabel,
                "xlog": plot.xlog,
                "ylog": plot.ylog,
                "series": [
                    {
                        "label": series.label,
                        "kind": series.kind,
                        "x": _numbers(series.x if series.x is not None else range(len(series.y))),
                        "y": _numbers(series.y),
                    }
                    for series in plot.series
                ],
                "image": None if plot.image is None else [_numbers(row) for row in plot.image],
            }
            for plot in frame.plots
        ],
    }


def _numbers(values: Any) -> list[float | int | None]:
    out: list[float | int | None] = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            out.append(value)
        else:
            number = float(value)
            out.append(number if math.isfinite(number) else None)
    return out


def _describe(error: BaseException) -> str:
    from demos.engine import describe

    return " ".join(describe(error).split())  # one line, even for a multi-line message


def _fail(message: str, status: int, stream: TextIO | None = None) -> int:
    line = " ".join(message.split())
    print(f"{PROG}: error: {line}", file=stream or sys.stderr)
    return status


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so Python's exit flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(run_command(sys.argv[1:]))
