"""The UI's handle on the compute process (`python -m demos.engine`), which imports torch.

The UI never imports torch: it starts this process (before the app runs, so torch loads while
the first screen paints), sends it commands and gets frames back on a reader thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from demos import wire

Listener = Callable[[tuple[Any, ...]], None]


class Compute:
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None
        self.listener: Listener | None = None
        self.listening = threading.Event()
        self.lock = threading.Lock()

    def start(self) -> None:
        env = os.environ | {
            "QA_TUI_THREADS": str(self.threads),
            "OMP_NUM_THREADS": str(self.threads),
            "MKL_NUM_THREADS": str(self.threads),
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "demos.engine"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

    def listen(self, listener: Listener) -> None:
        """Deliver messages to `listener` (called on the reader thread) from now on."""
        self.listener = listener
        self.listening.set()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        while True:
            try:
                message = wire.read(process.stdout)
            except (EOFError, OSError):
                break
            except Exception as error:  # a message we cannot read: say so, keep reading
                message = ("error", -1, f"unreadable message from the compute process: {error}")
            self.listening.wait()
            if self.listener is not None:
                self.listener(message)
        code = process.wait()
        self.listening.wait()
        if self.listener is not None and process is self.process:
            self.listener(("exit", code))

    def send(self, *message: Any) -> bool:
        """Send a command; False if the process is gone (its exit message follows)."""
        process = self.process
        if process is None or process.stdin is None:
            return False
        try:
            with self.lock:
                wire.write(process.stdin.fileno(), message)
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self, timeout: float = 0.5) -> None:
        """Ask the process to quit, then make sure it has."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                wire.write(process.stdin.fileno(), ("quit",))
                process.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(1.0)

    def restart(self) -> None:
        self.stop(timeout=0.2)
        self.start()
