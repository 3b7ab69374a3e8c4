"""Exit, in a real pseudo-terminal running the installed `qa-tui` (TERM=xterm-256color):
q and ctrl+q during training quit within 1 s; SIGTERM and SIGHUP leave the alternate screen,
show the cursor, exit and leave no compute process behind; nothing keeps the process alive.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from .ptyapp import LEAVE_ALT_SCREEN, SHOW_CURSOR, PtyApp, gone

QUIT_WITHIN = 1.0  # seconds from the key to the process having exited
ENGINE_GONE_WITHIN = 2.0


def check_quit_time(seconds: float, what: str) -> None:
    """Asserted after everything else about quitting, so a slow quit names only itself."""
    assert seconds < QUIT_WITHIN, f"{what} took {seconds:.2f} s to quit"


@pytest.fixture
def launch(tmp_path: Path) -> Iterator:
    apps: list[PtyApp] = []

    def start(*args: str) -> PtyApp:
        app = PtyApp(args, config_dir=tmp_path)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()


@pytest.mark.parametrize(("key", "name"), [(b"q", "q"), (b"\x11", "ctrl+q")])
def test_quit_keys_during_training_exit_within_a_second(
    launch, tmp_path: Path, key: bytes, name: str
) -> None:
    app = launch("--topic", "nonlinearity")
    app.wait_training()
    engine = app.engine()
    mark = app.mark()
    app.write(key)
    seconds = app.wait_exit(timeout=5.0)
    assert seconds is not None, f"{name} did not quit within 5 s"
    assert app.proc.exitstatus == 0, app.bytes_since(mark)[-400:]
    tail = app.bytes_since(mark)
    assert LEAVE_ALT_SCREEN in tail and SHOW_CURSOR in tail
    assert b"Traceback" not in tail
    assert gone(engine, ENGINE_GONE_WITHIN), "the compute process outlived the app"
    state = json.loads((tmp_path / "state.json").read_text())  # q saves where we were
    assert state["last"] == "nonlinearity"
    check_quit_time(seconds, name)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signals_restore_the_terminal_and_leave_no_child(launch, number: int) -> None:
    app = launch("--topic", "nonlinearity")
    app.wait_training()
    engine = app.engine()
    mark = app.mark()
    app.proc.kill(number)
    seconds = app.wait_exit(timeout=5.0)
    assert seconds is not None, f"{number!r} did not end the app within 5 s"
    tail = app.bytes_since(mark)
    assert LEAVE_ALT_SCREEN in tail, "the app did not leave the alternate screen"
    assert SHOW_CURSOR in tail, "the app did not show the cursor again"
    assert tail.rfind(LEAVE_ALT_SCREEN) > tail.rfind(b"\x1b[?1049h")
    assert b"Traceback" not in tail, tail.decode(errors="replace")[-2000:]
    assert gone(engine, ENGINE_GONE_WITHIN), "the compute process outlived the app"


def test_a_killed_app_takes_its_compute_process_with_it(launch) -> None:
    """SIGKILL leaves no chance to clean up; the engine still goes (parent-death signal)."""
    app = launch("--topic", "gradient", "--paused")
    app.wait_for(lambda text: "step 0" in text)
    engine = app.engine()
    app.proc.kill(signal.SIGKILL)
    assert app.wait_exit(timeout=5.0) is not None
    assert gone(engine, ENGINE_GONE_WITHIN), "the compute process outlived a killed app"


def test_quit_while_a_heavy_step_runs_still_exits_within_a_second(launch) -> None:
    """The deepest, widest net at the largest lr: the engine is mid-step when q arrives."""
    app = launch("--topic", "deeper", "--set", "depth=64", "--set", "width=128")
    app.wait_training()
    engine = app.engine()
    app.write(b"q")
    seconds = app.wait_exit(timeout=5.0)
    assert seconds is not None, "q did not quit within 5 s"
    assert app.proc.exitstatus == 0
    assert gone(engine, ENGINE_GONE_WITHIN)
    check_quit_time(seconds, "q during a heavy step")
