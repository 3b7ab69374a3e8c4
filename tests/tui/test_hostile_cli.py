"""Issue 17.11: small command-line faults exit 2 with one line, and one seed range holds for the
command line, `qa-tui run`, the reopen line, the state file and the `n` key."""

from __future__ import annotations

import contextlib
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from demos import get_topic
from tui.__main__ import build_parser
from tui.settings import share_command
from tui.state import _state_from

SEED_RANGE = (0, 2**32 - 1)  # tui.settings.SEED_RANGE, checked below
QA_TUI = str(Path(sys.executable).with_name("qa-tui"))


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([QA_TUI, *args], capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_abbreviated_options_are_refused_not_guessed() -> None:
    one_line_error(run("--ser", "--port", str(free_port()), timeout=20), "--ser")
    one_line_error(run("--top", "sgd"), "--top")


def test_serve_on_a_port_in_use_is_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        one_line_error(run("--serve", "--port", str(port), timeout=20), "port", "in use")


def test_list_into_a_closed_pipe_prints_no_traceback() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read what --list writes
    try:
        result = subprocess.run(
            [QA_TUI, "--list"], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=30
        )
    finally:
        os.close(write_end)
    assert result.stderr == "" and result.returncode == 0, result.stderr


def test_no_terminal_to_draw_on_is_one_line_not_a_blind_app() -> None:
    """Textual draws on stderr: `qa-tui 2>/dev/null` with a terminal on stdin and stdout."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [QA_TUI, "--forget"], stdin=follower, stdout=follower, stderr=subprocess.DEVNULL
        )
        try:
            assert process.wait(timeout=20) == 2
        finally:
            if process.poll() is None:
                process.kill()
    finally:
        os.close(follower)
        with contextlib.suppress(OSError):
            os.close(leader)


@pytest.mark.parametrize("seed", [2**64 - 1, 2**32, -1, 10**30])
def test_a_seed_out_of_range_is_one_line_everywhere(seed: int) -> None:
    one_line_error(run("run", "init", "--seed", str(seed), "--steps", "1"), "--seed", "0 to")
    one_line_error(run("--seed", str(seed), "--forget"), "--seed", "0 to")
    assert _state_from({"topics": {"init": {"seed": seed}}}).seeds == {}


@pytest.mark.parametrize("seed", [SEED_RANGE[0], 12345, SEED_RANGE[1]])
def test_every_seed_in_range_round_trips_through_the_reopen_line_and_the_state(seed: int) -> None:
    topic = get_topic("init")
    line = share_command(topic, topic.defaults(), seed).split()[1:]
    assert build_parser().parse_args(line).seed == seed
    assert _state_from({"topics": {"init": {"seed": seed}}}).seeds == {"init": seed}
    result = run("run", "init", "--seed", str(seed), "--steps", "1", "--json", timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_n_key_draws_from_the_same_range() -> None:
    from tui import settings

    assert settings.SEED_RANGE == SEED_RANGE
    assert all(settings.seed_ok(settings.new_seed()) for _ in range(1000))
