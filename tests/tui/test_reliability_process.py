"""The real compute process dies (SIGKILL): the panel says so, a new process starts within 2 s,
frames resume, and the UI stays up. A process that keeps dying is given up on, and said so.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import psutil
import pytest

from tui.app import QaApp
from tui.compute import Compute

from .helpers import record_notifications, wait_for

RESTART_WITHIN = 2.0
TORCH_START = 60.0  # a new process imports torch before its first frame


@pytest.fixture
def compute() -> Iterator[Compute]:
    compute = Compute()
    compute.start()  # as run_app does, before the app runs
    started = [compute.process]
    yield compute
    compute.stop()
    for process in started:  # and anything a test left behind
        if process is not None and process.poll() is None:
            process.kill()


def status(app: QaApp) -> str:
    return str(app.panel.query_one("#status").render())


def stepping(app: QaApp) -> bool:
    panel = app.panel
    return panel.frame is not None and panel.frame.step > 0 and not panel.error


async def test_a_killed_compute_process_is_replaced_and_frames_resume(compute: Compute) -> None:
    app = QaApp(compute, slug="nonlinearity")
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: stepping(app), timeout=TORCH_START)
        old = psutil.Process(compute.pid)
        os.kill(old.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        await wait_for(pilot, lambda: compute.pid not in (None, old.pid), timeout=RESTART_WITHIN)
        assert time.monotonic() - killed_at < RESTART_WITHIN
        assert "restarting the compute process" in status(app), status(app)
        assert any("compute process stopped" in text for text in said), said
        new = psutil.Process(compute.pid)
        assert new.is_running() and "demos.engine" in " ".join(new.cmdline())
        assert not old.is_running() or old.status() == psutil.STATUS_ZOMBIE
        # frames resume on the new process, for the same question and generation
        gen = app.panel.gen
        await wait_for(pilot, lambda: stepping(app), timeout=TORCH_START)
        assert app.panel.gen == gen and app.panel.topic.slug == "nonlinearity"
        assert "restarting" not in status(app)
        # and the UI answers keys: a parameter change restarts the demo there
        await pilot.press("right")
        assert app.panel.gen == gen + 1
        await wait_for(pilot, lambda: stepping(app), timeout=10)
        assert psutil.Process(compute.pid) == new
        compute.stop()
        await pilot.pause()


async def test_a_compute_process_that_keeps_dying_is_given_up_on(compute: Compute) -> None:
    app = QaApp(compute, slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6):  # killed as soon as it starts, before it ever answers
            pid = compute.pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            await wait_for(pilot, lambda pid=pid: compute.pid != pid or app.restarts > 5, 5)
        await wait_for(pilot, lambda: app.restarts > 5, timeout=5)
        await pilot.pause(0.5)
        assert compute.process is not None and compute.process.poll() is not None  # no 7th
        assert app.is_running  # the UI stays up
        await pilot.press("2")
        assert app.panel.topic.slug == "images"
        assert "keeps dying" in status(app), status(app)
