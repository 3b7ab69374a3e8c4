"""Bad command lines test_cli.py does not cover: missing values, values that are not numbers or
not finite, out of range, of the wrong kind; each is one line naming the problem and what is
allowed, exit status 2, no traceback. And qa-tui started without a terminal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from .ptyapp import QA_TUI


def qa_tui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        # a missing value
        (["--topic", "gradient", "--set"], ["--set", "expected one argument"]),
        (["--seed"], ["--seed", "expected one argument"]),
        (["--fps"], ["--fps", "expected one argument"]),
        (["--topic", "gradient", "--set", "lr="], ["lr must be a number", "0.001 to 4"]),
        (["--topic", "gradient", "--set", "=3"], ["NAME=VALUE", "'=3'", "param, x, target"]),
        # not a number, or not a finite one
        (["--fps", "abc"], ["--fps", "'abc'"]),
        (["--threads", "x"], ["--threads", "'x'"]),
        (["--topic", "gradient", "--set", "lr=nan"], ["lr must be a finite number", "0.001 to 4"]),
        (["--topic", "gradient", "--set", "lr=inf"], ["finite", "0.001 to 4"]),
        (["--topic", "gradient", "--set", "lr=1e999"], ["finite", "0.001 to 4"]),
        (["--topic", "padding", "--set", "empty=maybe"], ["empty must be true or false"]),
        # out of range
        (["--topic", "gradient", "--set", "x=-4"], ["x=-4 is out of range", "-3 to 3"]),
        (["--topic", "deeper", "--set", "depth=65"], ["depth=65 is out of range", "1 to 64"]),
        (["--threads", "0"], ["--threads", "between 1 and 64"]),
        (["--seed", "-1"], ["--seed", "from 0 to 4294967295"]),
        (["--fps", "31"], ["--fps", "1 and 30"]),
        # a parameter of another topic, and the headless runner's own checks
        (["--topic", "gradient", "--set", "depth=3"], ["unknown parameter 'depth'", "lr"]),
        (["run", "gradient", "--set", "lr=fast"], ["lr must be a number"]),
        (["run", "gradient", "--steps", "-1"], ["--steps", "-1"]),
        (["run"], ["SLUG"]),
    ],
)
def test_more_bad_arguments_exit_2_with_one_line(args: list[str], words: list[str]) -> None:
    result = qa_tui(*args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_without_a_terminal_it_exits_2_with_one_line(tmp_path: Path) -> None:
    """stdin from /dev/null, output to files (cron, CI, nohup): the full-screen app says it
    needs a terminal and exits 2, starting no compute process."""
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [QA_TUI, "--forget"],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=os.environ | {"QA_TUI_CONFIG_DIR": str(tmp_path)},
        )
    app = psutil.Process(process.pid)
    children: list[psutil.Process] = []
    try:
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            children = app.children(recursive=True)
            cpu = app.cpu_percent(0.5)
            process.send_signal(signal.SIGTERM)
            pytest.fail(f"ran on without a terminal ({cpu:.0f}% CPU) until SIGTERM")
        assert code == 2, (code, err.read_text(errors="replace")[-500:])
        lines = err.read_text().splitlines()
        assert len(lines) == 1 and "terminal" in lines[0], lines
    finally:
        for proc in [app, *children]:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        process.wait(timeout=5)
        deadline = time.monotonic() + 2
        while any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children):
            assert time.monotonic() < deadline, "a compute process was left behind"
            time.sleep(0.05)
