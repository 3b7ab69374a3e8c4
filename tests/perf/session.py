"""qa-tui (or the yardstick app) in a pty, read like a person reads it.

`Session` keeps a record of every frame (when it arrived, bytes so far, a fingerprint of the plot
area, the status line's state and step), and measures windows of time: bytes, redraws, steps and
the CPU time of the UI and compute processes over the window.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import psutil

from tests.perf.term import Snapshot, Term

STATUS = re.compile(r"● (\w+)  step (\d+)  seed \d+")
VALUE = re.compile(r"‹\s*([^›]*?)\s*›")
BORDER = "─" * 60  # the panel's top border: the first long rule under the answer
CONTROLS_WIDTH = 34  # #controls in tui/app.tcss; the plots are to its right
AXIS = ("┤", "└", "┘", "▀")  # a chart's axes, or an image (the primary chart of images)
FINISHED = ("done", "diverged")


def qa_tui() -> str:
    path = shutil.which("qa-tui")
    if path is None:
        raise SystemExit("qa-tui is not installed in this environment (pip install -e .)")
    return path


def panel_origin(lines: Sequence[str]) -> tuple[int, int] | None:
    """(row, column) where the live panel's controls start, or None before it is painted."""
    for row, line in enumerate(lines):
        col = line.find(BORDER)
        if col >= 0:
            return row + 1, col
    return None


def plot_area(lines: Sequence[str]) -> list[str]:
    """The rows of the plot region (right of the controls, above the footer)."""
    origin = panel_origin(lines)
    if origin is None:
        return []
    row, col = origin
    return [line[col + CONTROLS_WIDTH :] for line in lines[row : len(lines) - 1]]


def has_plot(lines: Sequence[str]) -> bool:
    return any(ch in line for line in plot_area(lines) for ch in AXIS)


def status(lines: Sequence[str]) -> tuple[str, int] | None:
    for line in lines:
        found = STATUS.search(line)
        if found:
            return found.group(1), int(found.group(2))
    return None


def selected_value(lines: Sequence[str]) -> str | None:
    """The value of the parameter under the cursor (the line marked ▸), or the hello counter."""
    for line in lines:
        if "▸" in line or line.startswith("‹"):
            found = VALUE.search(line)
            if found:
                return found.group(1)
    return None


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


@dataclass
class Mark:
    at: float
    total: int
    plot: int  # hash of the plot region
    state: str
    step: int


@dataclass
class Window:
    """What happened between two instants."""

    seconds: float = 0.0
    bytes: int = 0
    frames: int = 0
    redraws: int = 0  # frames that changed the plot region
    updates: int = 0  # frames that showed a new step number
    steps: int = 0
    running_seconds: float = 0.0
    ui_cpu: float = 0.0  # seconds of CPU
    compute_cpu: float = 0.0
    harness_cpu: float = 0.0  # this process: the pty reader and pyte
    restarts: int = 0
    finished: bool = False

    def per_s(self, count: float) -> float:
        return count / self.seconds if self.seconds > 0 else float("nan")

    @property
    def steps_per_s(self) -> float:
        return self.steps / self.running_seconds if self.running_seconds > 0 else float("nan")


@dataclass
class Session:
    """One run of a program in the pty."""

    argv: Sequence[str]
    marks: list[Mark] = field(default_factory=list)
    make_term: Callable[..., Term] = Term  # e.g. a LinkTerm (tests/perf/linksim.py)

    def __post_init__(self) -> None:
        self.cwd = tempfile.mkdtemp(prefix="qa-tui-bench-")  # not the repo: the installed app
        # A fresh config dir: defaults every run, and the user's remembered state is untouched.
        env = {"XDG_CONFIG_HOME": self.cwd, "QA_TUI_CONFIG_DIR": os.path.join(self.cwd, "qa-tui")}
        self.term = self.make_term(self.argv, cwd=self.cwd, env=env, on_frame=self._on_frame)
        self.started = self.term.started
        self.compute: psutil.Process | None = None
        self.first_plot: float | None = None  # seconds from spawn to the first chart
        self.charted_presses = 0  # latency presses made while a chart was on screen
        self.blanked_presses = 0  # ... whose new value came on screen without any chart

    @classmethod
    def app(cls, *args: str, make_term: Callable[..., Term] = Term) -> Session:
        return cls([qa_tui(), *args], make_term=make_term)

    def _on_frame(self, snap: Snapshot) -> None:
        state = status(snap.lines) or ("", -1)
        area = plot_area(snap.lines)
        if self.first_plot is None and any(ch in line for line in area for ch in AXIS):
            self.first_plot = snap.at - self.started
        self.marks.append(Mark(snap.at, snap.total, hash(tuple(area)), *state))

    # --- waiting ------------------------------------------------------------------------------
    def wait(self, predicate, timeout: float = 60.0) -> float | None:  # type: ignore[no-untyped-def]
        """Seconds from spawn until `predicate(lines)` first held, or None on timeout."""
        snap = self.term.wait_for(predicate, timeout)
        return None if snap is None else snap.at - self.started

    def state(self) -> tuple[str, int] | None:
        return status(self.term.lines())

    def find_compute(self) -> psutil.Process | None:
        if self.compute is None:
            self.compute = self.term.child("demos.engine")
        return self.compute

    # --- measuring ----------------------------------------------------------------------------
    def cpu(self) -> tuple[float, float]:
        def used(proc: psutil.Process | None) -> float:
            if proc is None:
                return float("nan")
            try:
                times = proc.cpu_times()
            except psutil.Error:
                return float("nan")
            return times.user + times.system

        return used(self.term.process()), used(self.find_compute())

    def rss(self) -> tuple[float, float]:
        """Resident MiB of the UI and the compute process."""

        def mib(proc: psutil.Process | None) -> float:
            try:
                return proc.memory_info().rss / 2**20 if proc else float("nan")
            except psutil.Error:
                return float("nan")

        return mib(self.term.process()), mib(self.find_compute())

    def ui_has_torch(self) -> bool:
        """True when libtorch is mapped into the UI process (it should never import torch)."""
        try:
            return any("libtorch" in m.path for m in self.term.process().memory_maps())
        except psutil.Error:
            return False

    def window(self, seconds: float, restart_finished: bool = False) -> Window:
        """Watch for `seconds`; with restart_finished, press r whenever the demo has finished so
        that a short demo keeps producing data (each press is counted)."""
        self.find_compute()
        ui0, compute0 = self.cpu()
        me0 = sum(psutil.Process().cpu_times()[:2])
        t0, bytes0 = time.perf_counter(), self.term.total
        result = Window()
        end = t0 + seconds
        while time.perf_counter() < end:
            time.sleep(min(0.1, max(0.0, end - time.perf_counter())))
            state = self.state()
            if restart_finished and state and state[0] in FINISHED:
                self.term.press("r")
                result.restarts += 1
                self.term.wait_for(lambda ls: (status(ls) or ("",))[0] == "running", 2.0)
        ui1, compute1 = self.cpu()
        result.harness_cpu = sum(psutil.Process().cpu_times()[:2]) - me0
        t1, bytes1 = time.perf_counter(), self.term.total
        result.seconds, result.bytes = t1 - t0, bytes1 - bytes0
        result.ui_cpu, result.compute_cpu = ui1 - ui0, compute1 - compute0
        self.term.caught_up()  # frames of the window still queued for pyte count too
        self.count(result, t0, t1)
        state = self.state()
        result.finished = bool(state and state[0] in FINISHED)
        return result

    def count(self, result: Window, t0: float, t1: float) -> None:
        marks = list(self.marks)
        before = [m for m in marks if m.at <= t0]
        inside = [m for m in marks if t0 < m.at <= t1]
        previous = before[-1] if before else None
        for mark in inside:
            result.frames += 1
            if previous is not None:
                result.redraws += mark.plot != previous.plot
                result.updates += mark.step != previous.step
                if previous.state == "running" and mark.step >= previous.step >= 0:
                    result.steps += mark.step - previous.step
                    result.running_seconds += mark.at - previous.at
            previous = mark

    def latency(self, presses: int, first: str = "right", timeout: float = 2.0) -> list[float]:
        """Milliseconds from writing an arrow key to the selected value changing on screen;
        alternating directions, so the value never reaches a bound. A missed change counts as
        `timeout`."""
        other = {"right": "left", "left": "right"}
        key = first
        out: list[float] = []
        for index in range(presses):
            old = selected_value(self.term.lines())
            if old is None:
                self.term.wait_for(lambda ls: selected_value(ls) is not None, timeout)
                old = selected_value(self.term.lines())
                if old is None:
                    raise LookupError("no parameter value (‹…›) on screen to watch")
            charted = has_plot(self.term.lines())
            at = self.term.press(key)
            snap = self.term.wait_for(lambda ls, old=old: selected_value(ls) != old, timeout)
            out.append(1000 * (snap.at - at if snap else timeout))
            if charted and snap is not None:
                self.charted_presses += 1
                self.blanked_presses += not has_plot(snap.lines)  # charts gone with the new value
            key = other[key]
            time.sleep(0.08 + 0.04 * (index % 3))  # let the restarted demo run a little
        return out

    def close(self) -> None:
        self.term.close()
        shutil.rmtree(self.cwd, ignore_errors=True)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ratio(a: float, b: float) -> float:
    """a / b, or NaN when b is zero or either is NaN."""
    return a / b if b and not (math.isnan(a) or math.isnan(b)) else float("nan")


def median(values: Sequence[float]) -> float:
    clean = [v for v in values if v == v]
    return statistics.median(clean) if clean else float("nan")
