"""Issue 17.2-17.5 with the real pipe and a stand-in compute process that misbehaves on purpose:
garbage on the pipe, a start that fails with a message on stderr, a process that dies after
each frame, one that goes silent. The UI says what happened, restarts, gives up, and retries."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import tui.compute
from tui.app import QaApp
from tui.compute import Compute
from tui.widgets.panel import LivePanel

from .helpers import wait_for

FAKE = textwrap.dedent(
    """
    import os, sys, time
    from demos import wire
    from demos.base import Frame, Plot, Series

    fd = int(os.environ["QA_TUI_MESSAGE_FD"])
    STATS = wire.Stats(0.0)
    mode = sys.argv[1]
    if mode == "broken":
        print("Traceback (most recent call last):", file=sys.stderr)
        print("ImportError: libtorch_cpu.so: cannot open [shared] object \\x1b]0;x\\x07file",
              file=sys.stderr)
        sys.exit(1)
    print("a library talks on stdout", flush=True)
    wire.write(fd, wire.Ready("fake", 1))
    if mode == "garbage":
        os.write(fd, b"junk from a library\\n")
        wire.write(fd, wire.NewFrame(1, Frame(step=1, plots=None), STATS))
        os.write(fd, wire.HEADER.pack(wire.MAGIC, 0))
    reader = wire.Reader(0, wire.COMMANDS)
    while True:
        try:
            command = reader.read()
        except EOFError:
            sys.exit(0)
        if isinstance(command, wire.Ping):
            wire.write(fd, wire.Pong(command.n))
        if isinstance(command, wire.Load):
            plot = Plot("fake", series=(Series("s", (1.0, 2.0)),))
            frame = Frame(step=5, plots=(plot,), readouts=(("fake readout", "42"),))
            wire.write(fd, wire.NewFrame(command.gen, frame, STATS))
            if mode == "flaky":
                time.sleep(0.3)
                sys.exit(3)
    """
)


@pytest.fixture(autouse=True)
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log"
    monkeypatch.setenv("QA_TUI_LOG_DIR", str(path))
    return path


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    script = tmp_path / "fake_engine.py"
    script.write_text(FAKE)
    computes: list[Compute] = []

    def start(mode: str) -> Compute:
        command = [sys.executable, "-P", str(script), mode]
        monkeypatch.setattr(tui.compute, "engine_command", lambda: command)
        compute = Compute()
        compute.start()
        computes.append(compute)
        return compute

    yield start
    for compute in computes:
        compute.stop()


def status(app: QaApp) -> str:
    return str(app.panel.status.render())


def notes(app: QaApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    notify = app.notify

    def record(message: Any, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    return said


async def test_garbage_on_the_pipe_is_a_demo_error_then_frames_go_on(
    fake: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    apply_error = LivePanel.apply_error

    def record(panel: LivePanel, gen: int, text: str) -> None:
        errors.append(text)
        apply_error(panel, gen, text)

    monkeypatch.setattr(LivePanel, "apply_error", record)
    compute = fake("garbage")
    app = QaApp(compute, slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.panel.frame is not None, timeout=20)
        assert app.panel.frame.readouts == (("fake readout", "42"),)
        assert any("stray output" in e for e in errors), errors
        assert any("Frame.plots" in e for e in errors), errors
        await pilot.press("right")  # keys still work, frames still come
        gen = app.panel.gen
        await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.gen == gen)
        assert app.is_running
    assert compute.log_path is not None
    log = compute.log_path.read_text()
    assert "a library talks on stdout" in log and "stray output" in log


async def test_a_failed_start_shows_its_last_line_gives_up_and_r_retries(
    fake: Any, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    compute = fake("broken")
    app = QaApp(compute, slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        said = notes(app, monkeypatch)
        await wait_for(pilot, lambda: app.gave_up, timeout=30)
        text = status(app)
        assert "keeps dying (exit 1)" in text, text
        assert "ImportError: libtorch_cpu.so: cannot open [shared] object" in text, text
        assert "\x1b" not in text and "\x07" not in text
        assert "press r" in text
        assert any("ImportError" in s for s in said), said
        pid = compute.pid
        await pilot.pause(1.5)
        assert compute.pid == pid  # no restarts after giving up ...
        await pilot.press("r")  # ... until the user asks
        assert compute.pid != pid and not app.gave_up
        assert "restarting" in status(app) or "keeps dying" not in status(app)
    assert "ImportError" in "".join(p.read_text() for p in log_dir.glob("compute-*.log"))


async def test_deaths_are_counted_per_minute_even_with_frames_in_between(fake: Any) -> None:
    compute = fake("flaky")  # every start draws a frame, then dies 0.3 s later
    app = QaApp(compute, slug="gradient", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.gave_up, timeout=40)
        assert app.restarts == 6
        assert "keeps dying (exit 3)" in status(app)


async def test_a_silent_compute_process_is_noticed_said_and_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tui.compute, "STALL_READY", 2.0)
    compute = Compute()
    compute.start()
    app = QaApp(compute, slug="nonlinearity")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            said = notes(app, monkeypatch)
            await wait_for(pilot, lambda: app.panel.frame is not None, timeout=90)
            stuck = psutil.Process(compute.pid)
            stuck.send_signal(signal.SIGSTOP)  # alive, but says nothing
            await wait_for(pilot, lambda: compute.pid != stuck.pid, timeout=10)
            assert any("had not answered" in s for s in said), said
            assert not stuck.is_running() or stuck.status() == psutil.STATUS_ZOMBIE
            gen = app.panel.gen
            await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.gen == gen, 90)
    finally:
        compute.stop()
        for process in psutil.Process(os.getpid()).children(recursive=True):
            if "demos.engine" in " ".join(process.cmdline()):
                process.kill()
