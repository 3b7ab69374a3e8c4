"""Issue 17.1, 17.2 and 17.7 with the installed `qa-tui` in a real pseudo-terminal: a start
directory full of modules that shadow what qa-tui imports, a compute process that stops reading
while keys flood in, and a byte from the terminal that is not UTF-8."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from .ptyapp import PtyApp

SHADOWS = [
    "torch.py", "numpy.py", "random.py", "pickle.py", "struct.py", "queue.py", "statistics.py",
    "platformdirs.py", "textual.py", "rich.py", "plotext.py", "psutil.py", "ctypes.py",
    "demos/__init__.py", "tui/__init__.py", "demos/engine.py",
]  # fmt: skip


@pytest.fixture
def homework(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A student's folder: every file shadows a module qa-tui or its compute process imports,
    prints on import (bytes a pipe could take for a message) and leaves a mark."""
    folder = tmp_path / "homework"
    marks = tmp_path / "marks"
    marks.mkdir()
    for name in SHADOWS:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        mark = marks / name.replace("/", "_")
        path.write_text(
            f"import sys\nopen({str(mark)!r}, 'w').close()\n"
            f"print('SHADOW {name} imported')\nsys.stdout.flush()\n"
        )
    monkeypatch.setenv("QA_TUI_LOG_DIR", str(tmp_path / "log"))
    yield folder
    assert not list(marks.iterdir()), f"imported from the start directory: {list(marks.iterdir())}"


def spawn(args: list[str], cwd: Path, config: Path) -> PtyApp:
    """PtyApp, started in `cwd` (the child takes the working directory it is spawned in)."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return PtyApp(args, config)
    finally:
        os.chdir(here)


def test_nothing_is_imported_from_the_start_directory(homework: Path, tmp_path: Path) -> None:
    app = spawn(["--forget", "--topic", "nonlinearity"], homework, tmp_path / "config")
    try:
        app.wait_training(timeout=90)
        assert "SHADOW" not in app.text()
    finally:
        app.close()


def test_the_served_command_imports_nothing_from_the_start_directory(homework: Path) -> None:
    from tui.serve import app_command

    command = app_command(["--serve", "--port", "9", "--list"])
    result = subprocess.run(command, cwd=homework, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "gradient" in result.stdout and "SHADOW" not in result.stdout + result.stderr


def test_q_quits_within_a_second_after_keys_flood_a_stopped_compute_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_TUI_LOG_DIR", str(tmp_path / "log"))
    app = PtyApp(["--forget", "--topic", "nonlinearity"], tmp_path / "config")
    engine: psutil.Process | None = None
    try:
        app.wait_training(timeout=90)
        engine = app.engine()
        engine.suspend()  # alive, reading nothing: its command pipe fills up
        for _ in range(10):  # 1000 parameter changes, each a load command (~130 bytes)
            app.write(b"\x1b[C\x1b[D" * 50)
            time.sleep(0.05)
        time.sleep(4.0)  # the keys are handled (or, before the fix, the UI is stuck in a write)
        sent = app.write(b"q")
        took = app.wait_exit(timeout=5.0)
        assert took is not None, "q did nothing: the UI is blocked"
        print(f"q to exit with a stopped compute process: {time.monotonic() - sent:.2f} s")
        assert took < 1.5
    finally:
        if engine is not None:
            with contextlib.suppress(psutil.Error):
                engine.kill()
        app.close()


def test_a_byte_that_is_not_utf8_does_not_end_the_app(tmp_path: Path) -> None:
    app = PtyApp(["--forget", "--topic", "gradient", "--paused"], tmp_path / "config")
    try:
        assert app.wait_for(lambda text: "question 1 of" in text, timeout=60), app.text()
        app.write(b"\xff\xe9 latin-1 \xc3")  # invalid UTF-8, then a cut-off sequence
        time.sleep(0.5)
        app.write(b"2")
        assert app.wait_for(lambda text: "question 2 of" in text, timeout=20), app.text()
        assert app.alive()
    finally:
        app.close()


def test_the_drivers_decode_leniently() -> None:
    code = (
        "from tui import driver; driver.install()\n"
        "from textual.drivers import linux_driver as d\n"
        "print(repr(d.getincrementaldecoder('utf-8')().decode(b'a\\xffb', final=False)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr("a\ufffdb")


def test_a_save_that_fails_at_quit_is_said_after_the_terminal_is_restored(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = PtyApp(["--topic", "gradient", "--paused"], blocker / "qa-tui")  # cannot be created
    try:
        assert app.wait_for(lambda text: "seed" in text, timeout=60), app.text()
        app.write(b"\x1b[C")
        mark = app.mark()
        app.write(b"q")
        assert app.wait_exit(timeout=5.0) is not None
        after = app.bytes_since(mark)
        restored = after.rfind(b"\x1b[?1049l")
        assert restored >= 0 and b"qa-tui: cannot save state" in after[restored:], after[-400:]
    finally:
        app.close()
