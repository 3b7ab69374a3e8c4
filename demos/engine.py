"""The compute process: runs one demo at a time, paced, and sends frames no faster than asked.

Started by the UI as `python -m demos.engine` with pipes on stdin and stdout. Commands in:
  ("load", gen, slug, values, seed)  start (or restart) a demo; frames carry gen back
  ("pause", bool)  ("step",)  ("fps", float)  ("quit",)
Messages out:
  ("ready", torch_version, threads)   ("frame", gen, Frame, Stats)   ("error", gen, text)
The process exits when stdin closes, so it never outlives the UI.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import statistics
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from demos import get_topic, load_demo, wire
from demos.base import Demo, Topic
from demos.heap import trimmer
from demos.wire import Stats


def set_threads() -> int:
    import torch

    threads = max(1, int(os.environ.get("QA_TUI_THREADS", "1")))
    torch.set_num_threads(threads)
    return threads


def describe(error: BaseException) -> str:
    """One or two lines: what went wrong and where in the demo."""
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(frames)), "")
    return f"{type(error).__name__}: {error}" + (f" (at {where})" if where else "")


class Engine:
    def __init__(self, emit: Callable[[tuple[Any, ...]], None]) -> None:
        self.emit = emit
        self.commands: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self.demo: Demo | None = None
        self.topic: Topic | None = None
        self.gen = -1
        self.paused = False
        self.finished = True
        self.fps = 10.0
        self.last_frame_at = 0.0
        self.next_step_at = 0.0
        self.dirty = False
        self.step_times: deque[float] = deque(maxlen=50)
        self.frame_times: deque[float] = deque(maxlen=20)
        self.steps_done = 0
        self.run_started = time.perf_counter()
        self.trim = trimmer()  # after a load, the last demo's freed pages go back to the system

    # --- commands -------------------------------------------------------------------------
    def handle(self, command: tuple[Any, ...]) -> bool:
        """Apply one command; False means quit."""
        kind = command[0]
        if kind == "quit":
            return False
        if kind == "load":
            _, gen, slug, values, seed = command
            self.load(gen, slug, values, seed)
        elif kind == "pause":
            self.paused = bool(command[1])
            self.dirty = True
        elif kind == "step":
            if self.demo is not None and not self.finished:
                self.advance()
            self.dirty = True
            self.send_frame()
        elif kind == "fps":
            self.fps = min(60.0, max(0.5, float(command[1])))
        return True

    def load(self, gen: int, slug: str, values: dict[str, Any], seed: int) -> None:
        self.gen = gen
        self.demo = None
        self.finished = True
        self.step_times.clear()
        try:
            self.topic = get_topic(slug)
            clamped = {p.name: p.clamp(values.get(p.name, p.default)) for p in self.topic.params}
            demo = load_demo(self.topic, clamped)
            demo.reset(clamped, seed)
        except Exception as error:  # a broken demo is shown in its panel, not fatal
            self.send(("error", gen, describe(error)))
            return
        self.demo = demo
        if self.trim is not None:
            self.trim()
        self.finished = False
        self.steps_done = 0
        self.run_started = time.perf_counter()
        self.next_step_at = 0.0
        self.dirty = True
        self.send_frame()

    # --- work -----------------------------------------------------------------------------
    def advance(self) -> None:
        assert self.demo is not None
        started = time.perf_counter()
        try:
            more = self.demo.step()
        except Exception as error:
            self.fail(error)
            return
        self.step_times.append(time.perf_counter() - started)
        self.steps_done += 1
        self.finished = not more
        self.dirty = True

    def fail(self, error: BaseException) -> None:
        self.send(("error", self.gen, describe(error)))
        self.demo = None
        self.finished = True

    def send_frame(self) -> None:
        if self.demo is None or not self.dirty:
            return
        started = time.perf_counter()
        try:
            frame = self.demo.frame()
        except Exception as error:
            self.fail(error)
            return
        if frame.status != "running":
            self.finished = True
        self.frame_times.append(time.perf_counter() - started)
        try:
            self.send(("frame", self.gen, frame, self.stats()))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            self.fail(error)  # a frame that cannot be sent is a demo bug, shown like any other
            return
        self.last_frame_at = time.perf_counter()
        self.dirty = False

    def stats(self) -> Stats:
        elapsed = time.perf_counter() - self.run_started
        return Stats(
            steps_per_second=self.steps_done / elapsed if elapsed > 0 else 0.0,
            step_ms=1000 * statistics.median(self.step_times) if self.step_times else 0.0,
            frame_ms=1000 * statistics.median(self.frame_times) if self.frame_times else 0.0,
            paused=self.paused,
            finished=self.finished,
        )

    def send(self, message: tuple[Any, ...]) -> None:
        self.emit(message)

    def running(self) -> bool:
        return self.demo is not None and not self.paused and not self.finished

    def run(self) -> None:
        while True:
            now = time.perf_counter()
            if not self.running():
                timeout = None
            elif self.topic is not None and self.topic.pace > 0:
                timeout = max(0.0, self.next_step_at - now)
            else:
                timeout = 0.0
            try:
                command = self.commands.get(timeout=timeout) if timeout != 0.0 else None
                if command is None:
                    command = self.commands.get_nowait()
            except queue.Empty:
                command = None
            if command is not None:
                if not self.handle(command):
                    return
                continue
            if self.running() and time.perf_counter() >= self.next_step_at:
                self.advance()
                if self.topic is not None and self.topic.pace > 0:
                    self.next_step_at = time.perf_counter() + self.topic.pace
            if self.dirty and (
                not self.running() or time.perf_counter() - self.last_frame_at >= 1 / self.fps
            ):
                self.send_frame()


def read_commands(engine: Engine) -> None:
    stdin = sys.stdin.buffer
    while True:
        try:
            engine.commands.put(wire.read(stdin))
        except (EOFError, OSError, ValueError):
            engine.commands.put(("quit",))
            return


def die_with_parent() -> None:
    """On Linux, get SIGTERM if the UI dies without closing our stdin."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main() -> None:
    die_with_parent()
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)  # on a busy machine the UI (keys, first paint) goes first
    out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the message stream
    engine = Engine(lambda message: wire.write(out_fd, message))
    threading.Thread(target=read_commands, args=(engine,), daemon=True).start()
    import torch

    threads = set_threads()
    engine.send(("ready", str(torch.__version__), threads))  # str: TorchVersion needs torch
    with contextlib.suppress(KeyboardInterrupt):
        engine.run()


if __name__ == "__main__":
    main()
