"""The installed `qa-tui` in a real pseudo-terminal: every raw byte kept, the screen emulated.

For exit and signal tests: what the terminal is left with needs the raw bytes (leaving the
alternate screen, showing the cursor), what the user sees needs the emulated screen.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import psutil
import pyte
from ptyprocess import PtyProcess, PtyProcessError

QA_TUI = str(Path(sys.executable).with_name("qa-tui"))
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
TRAINING = re.compile(r"● running\s+step [1-9]")


class PtyApp:
    def __init__(
        self, args: Sequence[str], config_dir: Path, cols: int = 120, rows: int = 40
    ) -> None:
        env = dict(os.environ) | {
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "QA_TUI_CONFIG_DIR": str(config_dir),
        }
        for name in ("TEXTUAL", "COLUMNS", "LINES"):  # pytest-xdist sets COLUMNS=80 LINES=24,
            env.pop(name, None)  # which would override the pty's size in the app
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.lock = threading.Lock()
        self.proc = PtyProcess.spawn([QA_TUI, *args], env=env, dimensions=(rows, cols))
        self.pid = self.proc.pid
        self.reap_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def alive(self) -> bool:
        """Is the app running? The reader thread and the test both ask (each call may reap the
        child): one at a time, and a child already reaped by the other has ended."""
        with self.reap_lock:
            try:
                return self.proc.isalive()
            except PtyProcessError:
                return False

    def _read(self) -> None:
        fd = self.proc.fd
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    if self.alive():
                        continue
                    ready, _, _ = select.select([fd], [], [], 0.2)  # what it wrote last
                    if not ready:
                        return
                data = os.read(fd, 65536)
            except OSError:  # EIO: the program and its terminal are gone
                return
            if not data:
                return
            with self.lock:
                self.raw += data
                self.stream.feed(data)

    # --- looking -------------------------------------------------------------------------------
    def text(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.text()):
                return True
            if not self.alive():
                return predicate(self.text())
            time.sleep(0.02)
        return False

    def wait_training(self, timeout: float = 60.0) -> None:
        """Until the first frames arrived and the demo is stepping."""
        assert self.wait_for(lambda text: bool(TRAINING.search(text)), timeout), self.text()

    def bytes_since(self, mark: int) -> bytes:
        with self.lock:
            return bytes(self.raw[mark:])

    def mark(self) -> int:
        with self.lock:
            return len(self.raw)

    # --- processes -----------------------------------------------------------------------------
    def engine(self, timeout: float = 10.0) -> psutil.Process:
        """The compute process (`python -m demos.engine`), a child of the app."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for child in psutil.Process(self.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if "demos.engine" in " ".join(child.cmdline()):
                        return child
            time.sleep(0.05)
        raise AssertionError("no compute process")

    def write(self, data: bytes) -> float:
        os.write(self.proc.fd, data)
        return time.monotonic()

    def wait_exit(self, timeout: float) -> float | None:
        """Seconds until the app exited, or None if it is still running after `timeout`."""
        started = time.monotonic()
        while self.alive():
            if time.monotonic() - started > timeout:
                return None
            time.sleep(0.005)
        self.reader.join(2.0)
        return time.monotonic() - started

    def close(self) -> None:
        """Make sure the app and everything it started are gone."""
        try:
            children = psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            children = []
        if self.alive():
            with self.reap_lock, contextlib.suppress(PtyProcessError):
                self.proc.terminate(force=True)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()
        with self.reap_lock, contextlib.suppress(OSError, PtyProcessError):
            self.proc.close(force=True)


def gone(process: psutil.Process, timeout: float) -> bool:
    """True once `process` has exited (a zombie counts: it runs no code)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.02)
    return False
