"""The UI's handle on the compute process (`python -P -m demos.engine`), which imports torch.

The UI never imports torch: it starts this process (before the app runs, so torch loads while
the first screen paints), sends it commands and gets messages back on a reader thread.

What can go wrong, and what happens:
- the start directory holds a `torch.py` or `demos/`: the process runs with `-P` (`-I` before
  Python 3.11) in the log directory, so nothing is imported from where qa-tui was started;
- a library prints: messages have a pipe of their own; stdout and stderr go to the log file
  (`tui.paths.log_dir()/compute-<ui pid>.log`), whose last line is shown when the process dies;
- the process stops reading: commands go through a writer thread with a bounded outbox (the
  newest load, pause, fps win), so the event loop never blocks on the pipe;
- the process goes silent (stopped, stuck in a step): `watchdog()` kills it and says why;
- a message is malformed: the reader reports a BadMessage and carries on (demos.wire.Reader).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from demos import wire
from demos.wire import REPLIES, BadMessage, Command, Load, Ping, Quit, Ready, Reply, Step
from tui.paths import log_dir
from tui.safe_text import clean

STALL_READY = 10.0  # seconds without a word from a process that has loaded torch
STALL_START = 120.0  # ... from one still importing torch (a busy machine can take a minute)
PING_EVERY = 1.0
MAX_STEPS_QUEUED = 4
LOG_KEEP_DAYS = 7


@dataclass(frozen=True)
class Exited:
    """The compute process is gone (not a wire message: the reader makes it)."""

    code: int
    last_line: str  # the last line of its log, cleaned, or ""
    reason: str = ""  # why the UI ended it ("" if it ended by itself)


Message = Reply | BadMessage | Exited
Listener = Callable[[Message], object]


class Outbox:
    """Commands waiting for the writer thread. Bounded: a newer Load, Pause, Fps or Ping replaces
    a waiting one of its kind (a Load also drops the steps before it), at most a few Steps."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.pending: list[Command] = []
        self.closed = False

    def put(self, command: Command) -> None:
        with self.cond:
            if self.closed:
                return
            kind = type(command)
            if kind is Step:
                if sum(type(c) is Step for c in self.pending) >= MAX_STEPS_QUEUED:
                    return
            elif kind is Quit:
                self.pending.clear()
            else:
                drop = (kind, Step) if kind is Load else (kind,)
                self.pending = [c for c in self.pending if type(c) not in drop]
            self.pending.append(command)
            self.cond.notify()

    def take(self) -> Command | None:
        with self.cond:
            while not self.pending and not self.closed:
                self.cond.wait()
            return self.pending.pop(0) if self.pending else None

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


def engine_command() -> list[str]:
    """The interpreter, told not to put the start directory (or anything else) on sys.path."""
    safe = "-P" if sys.version_info >= (3, 11) else "-I"
    return [sys.executable, safe, "-m", "demos.engine"]


class Compute:
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None
        self.outbox = Outbox()
        self.listener: Listener | None = None
        self.listening = threading.Event()
        self.heard_at = time.monotonic()  # the last message from the current process
        self.ready = False
        self.pings = 0
        self.pinged_at = 0.0
        self.kill_reason = ""
        self.log_path: Path | None = None
        self.log_offset = 0

    # --- starting ------------------------------------------------------------------------------
    def start(self) -> None:
        env = os.environ | {
            "QA_TUI_THREADS": str(self.threads),
            "OMP_NUM_THREADS": str(self.threads),
            "MKL_NUM_THREADS": str(self.threads),
            "PYTHONUNBUFFERED": "1",
            "PYTHONSAFEPATH": "1",
        }
        log, cwd = self._open_log()
        read_fd, write_fd = os.pipe()
        env["QA_TUI_MESSAGE_FD"] = str(write_fd)
        try:
            process = subprocess.Popen(
                engine_command(),
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                env=env,
                cwd=cwd,
                close_fds=True,
                pass_fds=(write_fd,),
            )
        finally:
            os.close(write_fd)
            if log is not subprocess.DEVNULL:
                os.close(log)
        self.outbox.close()  # the previous process's writer, if any, ends
        self.outbox = Outbox()
        self.process = process
        self.heard_at = time.monotonic()
        self.ready = False
        self.kill_reason = ""
        threading.Thread(target=self._read, args=(process, read_fd), daemon=True).start()
        threading.Thread(target=self._write, args=(process, self.outbox), daemon=True).start()

    def _open_log(self) -> tuple[int, str]:
        """The log's file descriptor (appending) and a safe working directory for the process."""
        try:
            directory = log_dir()
            directory.mkdir(parents=True, exist_ok=True)
            _prune(directory)
            self.log_path = directory / f"compute-{os.getpid()}.log"
            fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self.log_offset = os.lseek(fd, 0, os.SEEK_END)
            return fd, str(directory)
        except (OSError, RuntimeError):
            self.log_path = None
            return subprocess.DEVNULL, os.path.abspath(os.sep)

    # --- the two pipe threads ------------------------------------------------------------------
    def listen(self, listener: Listener) -> None:
        """Deliver messages to `listener` (called on the reader thread) from now on."""
        self.listener = listener
        self.listening.set()

    def _deliver(self, process: subprocess.Popen[bytes], message: Message) -> None:
        self.listening.wait()
        if self.listener is not None and process is self.process:
            self.listener(message)

    def _read(self, process: subprocess.Popen[bytes], fd: int) -> None:
        reader = wire.Reader(fd, REPLIES)
        try:
            while True:
                try:
                    message = reader.read()
                except (EOFError, OSError):
                    break
                if isinstance(message, BadMessage):
                    self.log(f"qa-tui: {message}")
                elif process is self.process:
                    self.heard_at = time.monotonic()
                    self.ready = self.ready or isinstance(message, Ready)
                self._deliver(process, message)
        finally:
            os.close(fd)
        code = process.wait()
        reason = self.kill_reason if process is self.process else ""
        self._deliver(process, Exited(code, self.last_log_line(), reason))

    def _write(self, process: subprocess.Popen[bytes], outbox: Outbox) -> None:
        assert process.stdin is not None
        fd = process.stdin.fileno()
        while (command := outbox.take()) is not None:
            try:
                wire.write(fd, command)
            except (OSError, ValueError):
                return
            if isinstance(command, Quit):
                with contextlib.suppress(OSError):
                    process.stdin.close()
                return

    # --- talking -------------------------------------------------------------------------------
    def send(self, command: Command) -> bool:
        """Queue a command (never blocks); False if there is no process."""
        if self.process is None:
            return False
        self.outbox.put(command)
        return True

    def watchdog(self) -> bool:
        """Call about once a second: pings the process and kills it (saying why in its Exited
        message) if it has not said anything for too long. True if it was killed now."""
        process = self.process
        if process is None or process.poll() is not None:
            return False
        now = time.monotonic()
        if now - self.pinged_at >= PING_EVERY:
            self.pings += 1
            self.pinged_at = now
            self.send(Ping(self.pings))
        silent = now - self.heard_at
        if silent < (STALL_READY if self.ready else STALL_START):
            return False
        what = "answered" if self.ready else "started"
        self.kill_reason = f"it had not {what} for {silent:.0f} s"
        with contextlib.suppress(OSError):
            process.kill()
        return True

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self, timeout: float = 0.5) -> None:
        """Ask the process to quit, then make sure it has (never waits much past `timeout`)."""
        process, self.process = self.process, None
        outbox = self.outbox
        if process is None:
            return
        outbox.put(Quit())
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.5)
        outbox.close()

    # --- the log -------------------------------------------------------------------------------
    def log(self, line: str) -> None:
        if self.log_path is None:
            return
        with contextlib.suppress(OSError), open(self.log_path, "a", encoding="utf-8") as file:
            file.write(line.rstrip("\n") + "\n")

    def last_log_line(self) -> str:
        """The last non-empty line the current process wrote to the log, cleaned."""
        if self.log_path is None:
            return ""
        try:
            with open(self.log_path, "rb") as file:
                size = file.seek(0, os.SEEK_END)
                file.seek(max(self.log_offset, size - 4096))
                tail = file.read()
        except OSError:
            return ""
        lines = [line.strip() for line in tail.decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line and not line.startswith("qa-tui: ")]
        return clean(lines[-1], newlines=False)[:300] if lines else ""


def _prune(directory: Path) -> None:
    """Logs of runs more than a week old go."""
    cutoff = time.time() - LOG_KEEP_DAYS * 86400
    for path in directory.glob("compute-*.log"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
