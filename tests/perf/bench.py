"""The performance benchmark of issue 6: the installed qa-tui in a 120x40 pseudo-terminal.

    python -m tests.perf.bench [--quick] [--topics a,b] [--rounds N] [--seconds N] [--json PATH]

Prints markdown tables (progress goes to stderr). Nothing here asserts a wall-clock time: the
figures are compared with yardsticks measured in the same run and with the issue's targets.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from demos import TOPICS, get_topic
from demos.base import Topic
from tests.perf import report
from tests.perf.headless import WARM_STEPS
from tests.perf.session import (
    FINISHED,
    Session,
    Window,
    has_plot,
    median,
    percentile,
    ratio,
    status,
)

ROOT = Path(__file__).resolve().parents[2]
HELLO = Path(__file__).with_name("hello.py")


@dataclass
class Options:
    quick: bool
    topics: list[Topic]
    seconds: float  # the memory run with topic switches
    rounds: int  # startup runs of each app
    window: float  # seconds a running demo is watched
    paused_window: float
    settle: float  # seconds between the first plot and a measuring window
    presses: int
    micro_seconds: float
    json_path: str | None
    render_path: str | None = None


@dataclass
class Results:
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # ms, every running press so far

    def put(self, key: str, value: float | None) -> float:
        value = float("nan") if value is None else float(value)
        self.figures[key] = value
        return value

    def get(self, key: str) -> float:
        return self.figures.get(key, float("nan"))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the machine ---------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    import psutil

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "run at": time.strftime("%Y-%m-%d %H:%M"),
        "cpu": model,
        "cores": f"{os.cpu_count()} logical ({psutil.cpu_count(logical=False)} physical)",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "torch": version("torch"),
        "textual": version("textual"),
        "plotext": version("plotext"),
        "qa-tui": version("qa-tui"),
        "load average at start": load,
        "terminal": "120x40 pty, TERM=xterm-256color, COLORTERM=truecolor, emulated by pyte",
    }


def compile_app() -> str:
    """Byte-compile the installed qa-tui, as `pip install .` does at install time.

    An editable install compiles its source at the first start and keeps the bytecode, unless
    PYTHONDONTWRITEBYTECODE is set (it is on some machines, this one included): then every
    start compiles qa-tui's own source again, about 100 ms of the first paint that no user who
    installed the app pays, while Textual, the yardstick, comes compiled from its wheel."""
    code = (
        "import compileall, os, demos, tui\n"
        "dirs = [os.path.dirname(m.__file__) for m in (demos, tui)]\n"
        "ok = all(compileall.compile_dir(d, quiet=1) for d in dirs)\n"
        "print(dirs[1] if ok else '')"
    )
    with tempfile.TemporaryDirectory() as away:  # not the checkout: the installed packages
        done = subprocess.run([sys.executable, "-c", code], cwd=away, capture_output=True)
    where = done.stdout.decode().strip()
    return f"compiled before the run ({where})" if where else "could not be compiled"


# --- 1, 2: startup -------------------------------------------------------------------------------
def plain_words(markdown: str, count: int = 4) -> str:
    for line in markdown.splitlines():
        text = line.replace("**", "").replace("`", "").replace("*", "").lstrip("#->+ ").strip()
        if text:
            return " ".join(text.split()[:count])
    return ""


def painted(topic: Topic):  # type: ignore[no-untyped-def]
    """Predicate: the sidebar shows question 1 and the answer of `topic` is on screen."""
    first = "1. " + " ".join(TOPICS[0].question.split()[:2])
    answer = plain_words(topic.answer)

    def check(lines: list[str]) -> bool:
        return any(first in line[:36] for line in lines) and any(answer in ln for ln in lines)

    return check


def import_torch_seconds() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True, cwd=ROOT)
    return time.perf_counter() - began


def startup(opts: Options, res: Results) -> Session | None:
    """Rounds of: `import torch`, hello app paint, qa-tui paint and first plot. The last qa-tui
    session is returned still running (its demo is measured next), the others are closed."""
    topic = next((t for t in opts.topics if t.demo), opts.topics[0])
    hello, paint, plot, torch_s = [], [], [], []
    kept: Session | None = None
    for round_ in range(opts.rounds):
        log(f"startup round {round_ + 1}/{opts.rounds}: import torch, hello app, qa-tui")
        torch_s.append(import_torch_seconds())
        with Session([sys.executable, str(HELLO)]) as s:
            hello.append(s.wait(lambda ls: any("Hello from" in ln for ln in ls), 30) or math.nan)
        s = Session.app("--topic", topic.slug)
        try:
            paint.append(s.wait(painted(topic), 60) or math.nan)
            if topic.demo:
                plot.append(s.wait(has_plot, 120) or math.nan)
        except BaseException:
            s.close()
            raise
        if round_ == opts.rounds - 1 and topic.demo:
            kept = s  # the last round goes on: nothing else runs beside it
            ui, compute = s.rss()
            res.put("ui.has_torch", s.ui_has_torch())
            res.put("memory.ui.start_mib", ui)
            res.put("memory.compute.start_mib", compute)
        else:
            s.close()
    res.put("startup.hello_paint_s", median(hello))
    res.put("startup.first_paint_s", median(paint))
    res.put("startup.first_paint_ratio", ratio(res.get("startup.first_paint_s"), median(hello)))
    res.put("startup.import_torch_s", median(torch_s))
    if topic.demo:
        res.put("startup.first_plot_s", median(plot))
        res.put("startup.first_plot_minus_torch_s", median(plot) - median(torch_s))
    res.notes.append(
        f"startup runs: hello {fmt_list(hello)} s; qa-tui paint {fmt_list(paint)} s, "
        f"plot {fmt_list(plot)} s; import torch {fmt_list(torch_s)} s"
    )
    res.meta["startup_topic"] = topic.slug
    return kept


def fmt_list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) or "-"


# --- 3: key-to-screen latency --------------------------------------------------------------------
def latency_param(topic: Topic) -> tuple[int, str, str] | None:
    """(index among visible params, first key, label) of a numeric parameter that can move."""
    values = topic.defaults()
    for index, param in enumerate(topic.visible(values)):
        if param.scale not in ("lin", "log", "int"):
            continue
        value = values[param.name]
        for direction, key in ((1, "right"), (-1, "left")):
            moved = param.nudge(value, direction)
            if moved != value and param.nudge(moved, -direction) == value:
                return index, key, param.label
    return None


def measure_latency(s: Session, topic: Topic, opts: Options, res: Results) -> str | None:
    """Key-to-screen latency while the demo runs; returns the key that moves the value away
    from where it ended (for a second series), or None without a numeric parameter."""
    choice = latency_param(topic)
    if choice is None:
        res.notes.append(f"latency: {topic.slug} has no numeric parameter")
        return None
    index, key, label = choice
    for _ in range(index):
        s.term.press("down")
    s.term.wait_for(lambda ls: any("▸" in ln and label in ln for ln in ls), 5)
    log(f"latency: {opts.presses} presses on {topic.slug} {label!r}")
    ms = s.latency(opts.presses, first=key)
    res.put(f"{topic.slug}.latency_p50_ms", percentile(ms, 50))
    res.put(f"{topic.slug}.latency_p95_ms", percentile(ms, 95))
    res.put(f"{topic.slug}.latency_max_ms", max(ms))
    res.latencies += ms
    res.put("latency.p50_ms", percentile(res.latencies, 50))  # every topic's presses together
    res.put("latency.p95_ms", percentile(res.latencies, 95))
    res.put("latency.max_ms", max(res.latencies))
    res.put("latency.presses", len(res.latencies))
    res.meta[f"{topic.slug}.latency_on"] = label
    return key if len(ms) % 2 == 0 else {"right": "left", "left": "right"}[key]


def hello_latency(opts: Options, res: Results) -> None:
    with Session([sys.executable, str(HELLO)]) as s:
        s.wait(lambda ls: any("Hello from" in ln for ln in ls), 30)
        ms = s.latency(opts.presses)
    res.put("latency.hello_p50_ms", percentile(ms, 50))
    res.put("latency.hello_p95_ms", percentile(ms, 95))


# --- 4, 5, 6, 8: each topic running and paused ---------------------------------------------------
def put_window(res: Results, prefix: str, w: Window) -> None:
    res.put(f"{prefix}.redraws_per_s", w.per_s(w.redraws))
    res.put(f"{prefix}.updates_per_s", w.per_s(w.updates))
    res.put(f"{prefix}.kib_per_s", w.per_s(w.bytes / 1024))
    res.put(f"{prefix}.ui_cpu_pct", 100 * w.per_s(w.ui_cpu))
    res.put(f"{prefix}.compute_cpu_pct", 100 * w.per_s(w.compute_cpu))
    res.put(f"{prefix}.harness_cpu_pct", 100 * w.per_s(w.harness_cpu))


def past_warm_up(lines: list[str]) -> bool:
    """The demo shows step 3 or later, or has finished: one-off costs are behind it."""
    state = status(lines)
    return state is not None and (state[1] >= WARM_STEPS or state[0] in FINISHED)


def topic_runs(topic: Topic, opts: Options, res: Results, session: Session | None = None) -> None:
    """Running window, latency, paused window; then a run at --fps 2. With `session` (the first
    startup run, still open) latency is also measured paused and the memory run follows."""
    slug = topic.slug
    log(f"{slug}: running at default fps for {opts.window:g} s, then paused")
    s = session or Session.app("--topic", slug)
    try:
        s.wait(has_plot, 120)
        res.put(f"{slug}.first_plot_s", s.first_plot)
        s.wait(past_warm_up, 30)
        time.sleep(opts.settle)  # startup work (the engine's background imports) settles
        run = s.window(opts.window, restart_finished=True)
        put_window(res, f"{slug}.run", run)
        res.put(f"{slug}.app_steps_per_s", run.steps_per_s)
        res.put(f"{slug}.restarts", run.restarts)
        next_key = measure_latency(s, topic, opts, res)
        state = s.state()
        if not (state and state[0] in FINISHED):
            s.term.press("space")
            s.term.wait_for(lambda ls: (status(ls) or ("",))[0] in ("paused", *FINISHED), 3)
        time.sleep(1.0)
        put_window(res, f"{slug}.paused", s.window(opts.paused_window))
        if next_key is not None and session is not None:  # paused: the UI's own share
            ms = s.latency(opts.presses, first=next_key)
            res.put("latency.paused_p50_ms", percentile(ms, 50))
            res.put("latency.paused_p95_ms", percentile(ms, 95))
            res.put("latency.charts_blanked_pct", 100 * ratio(s.blanked_presses, s.charted_presses))
        if session is not None:
            s.term.press("space")  # running again, then topic switches
            memory(s, topic, opts, res)
    finally:
        s.close()
    log(f"{slug}: running with --fps 2 for {opts.window:g} s")
    with Session.app("--topic", slug, "--fps", "2") as s:
        s.wait(has_plot, 120)
        s.wait(past_warm_up, 30)
        time.sleep(opts.settle)
        put_window(res, f"{slug}.fps2", s.window(opts.window, restart_finished=True))


# --- 7: memory with topic switches ---------------------------------------------------------------
def memory(s: Session, topic: Topic, opts: Options, res: Results) -> None:
    """RSS at the first live plot (taken by startup) vs after `opts.seconds` of digit-key topic
    switches, back on the first topic; also after the first full cycle (every demo loaded)."""
    digits = [str((i + 1) % 10) for i in range(min(10, len(TOPICS)))]
    home = digits[min(TOPICS.index(topic), len(digits) - 1)]
    every = 1.0 if opts.quick else 1.5
    log(f"memory: {opts.seconds:g} s of topic switches every {every:g} s")
    began, presses, warm = time.perf_counter(), 0, None
    while time.perf_counter() - began < opts.seconds:
        s.term.press(digits[(digits.index(home) + 1 + presses) % len(digits)])
        presses += 1
        time.sleep(every)
        if presses == len(digits) and warm is None:
            warm = s.rss()
    s.term.press(home)
    s.wait(has_plot, 30)
    time.sleep(1.0)
    end = s.rss()
    res.put("ui.has_torch", max(res.get("ui.has_torch"), s.ui_has_torch()))
    for index, name in enumerate(("ui", "compute")):
        start = res.get(f"memory.{name}.start_mib")
        res.put(f"memory.{name}.end_mib", end[index])
        res.put(f"memory.{name}.growth_pct", 100 * ratio(end[index] - start, start))
        if warm is not None:
            res.put(f"memory.{name}.after_cycle_mib", warm[index])
            res.put(
                f"memory.{name}.growth_after_cycle_pct",
                100 * ratio(end[index] - warm[index], warm[index]),
            )
    res.put("memory.switches", presses)
    res.put("memory.seconds", time.perf_counter() - began)


# --- 8, 9: headless ------------------------------------------------------------------------------
def headless(topic: Topic, opts: Options, res: Results) -> None:
    slug = topic.slug
    log(f"{slug}: headless, {opts.window:g} s of steps at its pace, {opts.micro_seconds:g} s timed")
    env = os.environ | {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    argv = [sys.executable, "-m", "tests.perf.headless", slug, str(opts.window)]
    argv += [str(opts.micro_seconds), str(opts.settle)]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        res.notes.append(f"headless {slug} failed: {done.stderr.strip()[-300:]}")
        return
    out = json.loads(done.stdout.strip().splitlines()[-1])
    rate, micro = out["rate"], out["micro"]
    steps_per_s = res.put(f"{slug}.headless_steps_per_s", rate["steps_per_s"])
    res.put(f"{slug}.throughput_ratio", ratio(res.get(f"{slug}.app_steps_per_s"), steps_per_s))
    res.put(f"{slug}.headless_plot_changes_per_s", rate["plot_changes_per_s"])
    res.put(f"{slug}.headless_picture_changes_per_s", rate["picture_changes_per_s"])
    if rate["finished"]:
        res.notes.append(
            f"{slug} finishes after {rate['steps']} steps ({rate['seconds']:.1f} s headless); "
            "in the app it was restarted with r each time it finished"
        )
    res.put(f"{slug}.step_frame_median_ms", micro["median_ms"])
    res.put(f"{slug}.step_frame_p95_ms", micro["p95_ms"])
    res.put(f"{slug}.step_frame_n", micro["n"])


# --- main ----------------------------------------------------------------------------------------
def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one startup run, short windows")
    parser.add_argument("--topics", help="comma-separated slugs (default: all)")
    parser.add_argument("--seconds", type=float, help="memory run length (default 60, quick 15)")
    parser.add_argument("--presses", type=int, default=30, help="key presses for latency")
    parser.add_argument("--rounds", type=int, help="startup rounds (default 5, quick 1)")
    parser.add_argument("--window", type=float, help="seconds per measuring window")
    parser.add_argument("--json", dest="json_path", help="also write the figures here")
    parser.add_argument("--render", dest="render_path", help="print the tables of a --json file")
    args = parser.parse_args(argv)
    topics = list(TOPICS)
    if args.topics:
        try:
            topics = [get_topic(slug.strip()) for slug in args.topics.split(",") if slug.strip()]
        except KeyError as error:
            parser.error(f"unknown topic {error}")
    window = args.window or (3.0 if args.quick else 6.0)
    return Options(
        quick=args.quick,
        topics=topics,
        seconds=args.seconds if args.seconds is not None else (15.0 if args.quick else 60.0),
        rounds=max(1, args.rounds) if args.rounds else (1 if args.quick else 5),
        window=window,
        paused_window=max(1.0, window / 2),
        settle=1.0 if args.quick else 4.0,
        presses=args.presses,
        micro_seconds=0.5 if args.quick else 2.0,
        json_path=args.json_path,
        render_path=args.render_path,
    )


def save(path: str, info: dict[str, str], opts: Options, res: Results) -> None:
    options = {
        "quick": opts.quick,
        "topics": [t.slug for t in opts.topics],
        "window": opts.window,
        "paused_window": opts.paused_window,
        "rounds": opts.rounds,
        "settle": opts.settle,
    }
    document = {"machine": info, "options": options, "figures": res.figures}
    document |= {"notes": res.notes, "meta": res.meta}
    Path(path).write_text(json.dumps(document, indent=1))


def render_saved(path: str) -> str:
    """The tables again from a --json file (e.g. to paste into the README)."""
    saved = json.loads(Path(path).read_text())
    topics = [get_topic(slug) for slug in saved["options"]["topics"]]
    opts = parse(["--topics", ",".join(saved["options"]["topics"])])
    opts.quick, opts.window = saved["options"]["quick"], saved["options"]["window"]
    opts.paused_window, opts.rounds = saved["options"]["paused_window"], saved["options"]["rounds"]
    opts.settle = saved["options"].get("settle", opts.settle)
    res = Results(saved["figures"], saved["notes"], saved["meta"])
    built = [t for t in topics if res.figures.get(f"{t.slug}.run.kib_per_s") is not None]
    return report.render(saved["machine"], opts, res, built, [t for t in topics if not t.demo])


def main(argv: list[str] | None = None) -> None:
    opts = parse(argv)
    if opts.render_path:
        print(render_saved(opts.render_path))
        return
    info = machine()
    info["qa-tui bytecode"] = compile_app()
    res = Results()
    began = time.perf_counter()
    built = [t for t in opts.topics if t.demo]
    kept = startup(opts, res)
    hello_latency(opts, res)
    for index, topic in enumerate(built):
        try:
            topic_runs(topic, opts, res, kept if index == 0 else None)
            headless(topic, opts, res)  # right after: same code, if others are editing demos
        except Exception as error:  # one broken topic must not lose the whole run
            res.notes.append(f"{topic.slug}: the benchmark failed: {type(error).__name__}: {error}")
            log(f"{topic.slug}: failed: {error!r}")
    res.put("bench.seconds", time.perf_counter() - began)
    if opts.json_path:
        save(opts.json_path, info, opts, res)
    print(report.render(info, opts, res, built, [t for t in opts.topics if not t.demo]))


if __name__ == "__main__":
    main()
