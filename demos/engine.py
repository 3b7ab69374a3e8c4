"""The compute process: runs one demo at a time, paced, and sends frames no faster than asked.

Started by the UI as `python -P -m demos.engine` (never importing from the start directory).
Commands (demos.wire: Load, Pause, Step, Fps, Ping, Quit) come in on stdin; messages (Ready,
NewFrame, DemoError, Pong) go out on the file descriptor named by QA_TUI_MESSAGE_FD, a pipe of
their own, so nothing a library prints can reach them (stdout and stderr go to the UI's log).
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
from collections.abc import Callable, Mapping

from demos import get_topic, load_demo, wire
from demos.base import Demo, Topic, Value
from demos.heap import trimmer
from demos.wire import (
    COMMANDS,
    BadMessage,
    Command,
    DemoError,
    Fps,
    Load,
    NewFrame,
    Pause,
    Ping,
    Pong,
    Quit,
    Ready,
    Reply,
    Stats,
    Step,
)


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
    def __init__(self, emit: Callable[[Reply], None]) -> None:
        self.emit = emit
        self.commands: queue.Queue[Command] = queue.Queue()
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
        self.trim = trimmer()  # after a load, the last demo's freed pages go back to the system

    # --- commands -------------------------------------------------------------------------
    def handle(self, command: Command) -> bool:
        """Apply one command; False means quit."""
        if isinstance(command, Quit):
            return False
        if isinstance(command, Load):
            self.load(command.gen, command.slug, command.values, command.seed)
        elif isinstance(command, Pause):
            self.paused = bool(command.paused)
            self.dirty = True
        elif isinstance(command, Step):
            if self.demo is not None and not self.finished:
                self.advance()
            self.dirty = True
            self.send_frame()
        elif isinstance(command, Fps):
            self.fps = min(60.0, max(0.5, float(command.fps)))
        elif isinstance(command, Ping):
            self.send(Pong(command.n))  # from the main loop: a stuck demo step cannot answer
        return True

    def load(self, gen: int, slug: str, values: Mapping[str, Value], seed: int) -> None:
        self.gen = gen
        self.demo = None
        self.finished = True
        self.step_times.clear()
        try:
            self.topic = get_topic(slug)
            demo = load_demo(self.topic)
            demo.reset(self.topic.values(values), seed)
        except Exception as error:  # a broken demo is shown in its panel, not fatal
            self.send(DemoError(gen, describe(error)))
            return
        self.demo = demo
        if self.trim is not None:
            self.trim()
        self.finished = False
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
        self.finished = not more
        self.dirty = True

    def fail(self, error: BaseException) -> None:
        self.send(DemoError(self.gen, describe(error)))
        self.demo = None
        self.finished = True

    def send_frame(self) -> None:
        if self.demo is None or not self.dirty:
            return
        try:
            frame = self.demo.frame()
        except Exception as error:
            self.fail(error)
            return
        if frame.status != "running":
            self.finished = True
        try:
            self.send(NewFrame(self.gen, frame, self.stats()))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            self.fail(error)  # a frame that cannot be sent is a demo bug, shown like any other
            return
        self.last_frame_at = time.perf_counter()
        self.dirty = False

    def stats(self) -> Stats:
        return Stats(step_ms=1000 * statistics.median(self.step_times) if self.step_times else 0.0)

    def send(self, message: Reply) -> None:
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


def read_commands(engine: Engine, fd: int = 0) -> None:
    reader = wire.Reader(fd, COMMANDS)
    while True:
        try:
            command = reader.read()
        except (EOFError, OSError):
            engine.commands.put(Quit())
            return
        if isinstance(command, BadMessage):  # logged (stderr is the UI's log), not obeyed
            print(f"qa-tui engine: ignored {command}", file=sys.stderr, flush=True)
            continue
        engine.commands.put(command)


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
    named = os.environ.get("QA_TUI_MESSAGE_FD", "")
    if named.isdigit():
        out_fd = int(named)
    else:  # started by hand: messages on stdout, stray prints moved to stderr
        out_fd = os.dup(1)
        os.dup2(2, 1)
    engine = Engine(lambda message: wire.write(out_fd, message))
    threading.Thread(target=read_commands, args=(engine,), daemon=True).start()
    import torch

    threads = set_threads()
    engine.send(Ready(str(torch.__version__), threads))  # str: TorchVersion needs torch
    with contextlib.suppress(KeyboardInterrupt):
        engine.run()


if __name__ == "__main__":
    main()
