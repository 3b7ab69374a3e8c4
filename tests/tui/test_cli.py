"""The command line, as a user runs it: one line and exit 2 on bad input, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from demos import SLUGS, TOPICS


def qa_tui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60
    )


def test_list_prints_one_line_per_question() -> None:
    result = qa_tui("--list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    for line, topic in zip(lines, TOPICS, strict=True):
        assert line.split()[0] == topic.slug and line.endswith(topic.question)


def test_version_and_help() -> None:
    assert qa_tui("--version").stdout.startswith("qa-tui ")
    assert "--topic" in qa_tui("--help").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--topic", "nope"], ["unknown topic 'nope'", *SLUGS]),
        (["--bogus"], ["--bogus", "--help"]),
        (["--topic"], ["--topic", "expected one argument"]),
        (["--fps", "0"], ["--fps", "1 and 30"]),
        (["--seed", "abc"], ["--seed", "abc"]),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], words: list[str]) -> None:
    result = qa_tui(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]
