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
    assert len(lines) == len(TOPICS)
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


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--topic", "gradient", "--set", "lr"], ["NAME=VALUE"]),
        (["--topic", "gradient", "--set", "speed=3"], ["unknown parameter 'speed'", "lr"]),
        (["--topic", "gradient", "--set", "lr=fast"], ["lr must be a number"]),
        (["--topic", "gradient", "--set", "lr=99"], ["out of range", "0.001 to 4"]),
        (["--topic", "gradient", "--set", "loss=cubic"], ["absolute", "squared"]),
        (["--set", "lr=0.1"], ["--topic"]),
        (["run", "nope"], ["nope", "gradient"]),
        (["run", "gradient", "--steps", "x"], ["--steps"]),
    ],
)
def test_bad_parameters_exit_2_with_one_line(args: list[str], words: list[str]) -> None:
    result = qa_tui(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0]


def test_headless_run_prints_the_readouts() -> None:
    result = qa_tui("run", "gradient", "--steps", "5", "--set", "lr=0.1")
    assert result.returncode == 0, result.stderr
    assert "param.grad (autograd): 1" in result.stdout
    assert "step" in result.stdout


def test_serve_without_the_extra_says_how_to_get_it() -> None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        result = qa_tui("--serve")
        assert result.returncode == 2 and "qa-tui[web]" in result.stderr
    else:
        pytest.skip("textual-serve is installed")
