"""The real compute process: starts, answers, and dies with its parent's pipe."""

from __future__ import annotations

import queue
import time
from typing import Any

from tui.compute import Compute


def next_message(inbox: queue.Queue[tuple[Any, ...]], kind: str, timeout: float = 60) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = inbox.get(timeout=max(0.01, deadline - time.monotonic()))
        if message[0] == kind:
            return message
    raise AssertionError(f"no {kind!r} message")


def test_compute_process_runs_a_demo_and_exits_on_stop() -> None:
    inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()
    compute = Compute()
    compute.start()
    compute.listen(inbox.put)
    try:
        ready = next_message(inbox, "ready")
        assert ready[2] == 1  # one torch thread by default
        compute.send("load", 1, "gradient", {}, 0)
        frame = next_message(inbox, "frame")
        assert frame[1] == 1 and frame[2].plots
        process = compute.process
        assert process is not None
    finally:
        compute.stop()
    assert process.poll() is not None


def test_a_killed_compute_process_is_reported() -> None:
    inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()
    compute = Compute()
    compute.start()
    compute.listen(inbox.put)
    try:
        next_message(inbox, "ready")
        assert compute.process is not None
        compute.process.kill()
        assert next_message(inbox, "exit", timeout=10)[1] != 0
    finally:
        compute.stop()
