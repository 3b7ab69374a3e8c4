"""A program in a pseudo-terminal, seen the way a person sees it: every byte counted, the screen
emulated with pyte, each finished frame time-stamped.

The emulated terminal answers Textual's query for synchronized output (mode 2026) as a modern
terminal does, so each frame arrives between SYNC_START and SYNC_END; the screen is looked at
after each frame, never half-way through one.

A real terminal draws a frame in well under a millisecond; pyte takes 12 ms for a typical chart
update and up to 80 ms for a full screen. So one thread only reads and time-stamps (a frame's
time is when its last byte arrived), and another, at the lowest CPU priority, feeds pyte: a slow
parse never makes the next frame look late, as it did when one thread did both, nor takes a
core from the app.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psutil
import pyte
from ptyprocess import PtyProcess, PtyProcessError

COLS, ROWS = 120, 40
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently off"
SYNC_END = b"\x1b[?2026l"
CPR_QUERY = b"\x1b[6n"  # cursor position request: qa-tui's probe of the link (tui/link.py)
CPR_REPLY = b"\x1b[1;1R"  # where the cursor is does not matter to the app, only when
KEYS = {
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "space": b" ",
    "tab": b"\t",
    "enter": b"\r",
}

Watch = Callable[[list[str]], bool]


@dataclass
class Snapshot:
    """The screen after one frame."""

    at: float  # time.perf_counter() when the frame's last byte arrived
    total: int  # bytes received so far
    lines: list[str]


class Term:
    """Spawn `argv` in a COLS x ROWS pty; a reader thread feeds pyte and counts bytes."""

    def __init__(
        self,
        argv: Sequence[str],
        cols: int = COLS,
        rows: int = ROWS,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        on_frame: Callable[[Snapshot], None] | None = None,
        answer_cpr: bool = True,
    ) -> None:
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.total = 0
        self.frames = 0
        self.on_frame = on_frame
        self.answer_cpr = answer_cpr  # answer ESC[6n, as every real terminal does
        self.pending = b""  # bytes of a frame not yet complete
        self.watches: list[tuple[Watch, threading.Event, list[Snapshot]]] = []
        self.last = Snapshot(0.0, 0, [""] * rows)
        full_env = dict(os.environ) | {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
        for name in ("COLUMNS", "LINES"):  # they would override the pty's size in the app
            full_env.pop(name, None)
        full_env |= env or {}
        full_env.pop("TEXTUAL", None)
        # The reader thread must get the GIL from the parser at once when bytes arrive.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))
        self.inbox: queue.SimpleQueue[tuple[bytes, float, int] | None] = queue.SimpleQueue()
        self.reap_lock = threading.Lock()
        self.queued = self.parsed = 0  # frames read, and frames parsed and seen by on_frame
        self.started = time.perf_counter()
        self.proc = PtyProcess.spawn(list(argv), env=full_env, cwd=cwd, dimensions=(rows, cols))
        self.pid = self.proc.pid
        self.closed = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.parser = threading.Thread(target=self._parse, daemon=True)
        self.reader.start()
        self.parser.start()

    # --- reading -------------------------------------------------------------------------------
    def _read(self) -> None:
        """Read as sshd does (at once, however fast the program writes) and hand each chunk to
        `arrive`; a LinkTerm delivers it later instead, at the speed of its link."""
        fd = self.proc.fd
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                if self.alive():
                    continue
                break
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            self.arrive(data, time.perf_counter())
        self.finish()

    def arrive(self, data: bytes, now: float) -> None:
        """Bytes reach the terminal at `now`: answer its queries, cut them into frames (up to
        the last SYNC_END) for the parser thread."""
        self.total += len(data)
        if SYNC_QUERY in data:
            self.write(SYNC_REPLY)
        if self.answer_cpr:
            for _ in range(data.count(CPR_QUERY)):
                self.write(CPR_REPLY)
        pending = self.pending + data
        while True:
            cut = pending.find(SYNC_END)
            if cut < 0:
                break
            cut += len(SYNC_END)
            self.queued += 1
            self.inbox.put((pending[:cut], now, self.total))
            pending = pending[cut:]
        if pending and SYNC_END not in data and b"\x1b[?2026h" not in pending:
            # Output outside synchronized updates (before the reply, or a plain program).
            self.queued += 1
            self.inbox.put((pending, now, self.total))
            pending = b""
        self.pending = pending

    def finish(self) -> None:
        """The program's output has ended: the parser thread stops after what is queued."""
        self.inbox.put(None)

    def _parse(self) -> None:
        # Lowest CPU priority for this thread alone (Linux): pyte is slow, where a real terminal
        # is not, and should not take a core from the app being measured. The worst this can do
        # is hold the GIL while it waits for a core, which makes a timestamp late, never early.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while (item := self.inbox.get()) is not None:
            self._feed(*item)
            self.parsed += 1
        self.closed.set()

    def _feed(self, data: bytes, now: float, total: int) -> None:
        with self.lock:
            self.stream.feed(data)
            lines = list(self.screen.display)
            self.frames += 1
            self.last = Snapshot(now, total, lines)
            for predicate, event, found in self.watches:
                if not event.is_set() and predicate(lines):
                    found.append(self.last)
                    event.set()
        if self.on_frame is not None:
            self.on_frame(self.last)

    # --- looking -------------------------------------------------------------------------------
    def caught_up(self, timeout: float = 5.0) -> bool:
        """Wait until every frame read so far has been parsed (and seen by `on_frame`)."""
        deadline = time.monotonic() + timeout
        while self.parsed < self.queued and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.parsed >= self.queued

    def lines(self) -> list[str]:
        with self.lock:
            return list(self.last.lines)

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(self, predicate: Watch, timeout: float = 30.0) -> Snapshot | None:
        """The first frame (from now on, or the current screen) where `predicate` holds."""
        event = threading.Event()
        found: list[Snapshot] = []
        entry = (predicate, event, found)
        with self.lock:
            if predicate(self.last.lines):
                return self.last
            self.watches.append(entry)
        try:
            event.wait(timeout)
        finally:
            with self.lock:
                self.watches.remove(entry)
        return found[0] if found else None

    # --- typing and processes ------------------------------------------------------------------
    def write(self, data: bytes) -> float:
        """Send bytes as typed keys; returns the time they were written."""
        at = time.perf_counter()
        os.write(self.proc.fd, data)
        return at

    def press(self, key: str) -> float:
        return self.write(KEYS.get(key, key.encode()))

    def alive(self) -> bool:
        """Is the program running? The reader thread and close() both ask (each call may reap
        the child): whichever comes second finds no child, which means it has ended."""
        with self.reap_lock:
            try:
                return self.proc.isalive()
            except PtyProcessError:
                return False

    def process(self) -> psutil.Process:
        return psutil.Process(self.pid)

    def child(self, marker: str, timeout: float = 10.0) -> psutil.Process | None:
        """The first descendant whose command line contains `marker`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                for proc in self.process().children(recursive=True):
                    try:
                        if marker in " ".join(proc.cmdline()):
                            return proc
                    except psutil.Error:
                        continue
            except psutil.Error:
                return None
            time.sleep(0.05)
        return None

    def close(self, quit_key: bytes | None = b"q", timeout: float = 3.0) -> None:
        """Quit with `quit_key`, then make sure the program and its children are gone."""
        try:
            children = self.process().children(recursive=True)
        except psutil.Error:
            children = []
        if quit_key and self.alive():
            with contextlib.suppress(OSError):
                self.write(quit_key)
            deadline = time.monotonic() + timeout
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.02)
        if self.alive():
            with self.reap_lock, contextlib.suppress(PtyProcessError):
                self.proc.terminate(force=True)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()
        self.closed.wait(1.0)
        with self.reap_lock, contextlib.suppress(OSError, PtyProcessError):
            self.proc.close(force=True)

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
