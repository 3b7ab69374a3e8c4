"""The real compute process: starts, answers, and dies with its parent's pipe."""

from __future__ import annotations

import queue
import time
from typing import Any

from demos.wire import Load, NewFrame, Ready
from tui.compute import Compute, Exited


def next_message(inbox: queue.Queue[Any], kind: type, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = inbox.get(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(message, kind):
            return message
    raise AssertionError(f"no {kind.__name__} message")


def test_compute_process_runs_a_demo_and_exits_on_stop() -> None:
    inbox: queue.Queue[Any] = queue.Queue()
    compute = Compute()
    compute.start()
    compute.listen(inbox.put)
    try:
        ready = next_message(inbox, Ready)
        assert ready.threads == 1  # one torch thread by default
        compute.send(Load(1, "gradient", {}, 0))
        frame = next_message(inbox, NewFrame)
        assert frame.gen == 1 and frame.frame.plots
        process = compute.process
        assert process is not None
    finally:
        compute.stop()
    assert process.poll() is not None


def test_a_killed_compute_process_is_reported() -> None:
    inbox: queue.Queue[Any] = queue.Queue()
    compute = Compute()
    compute.start()
    compute.listen(inbox.put)
    try:
        next_message(inbox, Ready)
        assert compute.process is not None
        compute.process.kill()
        assert next_message(inbox, Exited, timeout=10).code != 0
    finally:
        compute.stop()
