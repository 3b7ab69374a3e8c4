"""`qa-tui run`: readouts without a screen, the engine's numbers, one line and 2 on bad input."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from typing import Any

import pytest

import demos
from demos import SLUGS, headless
from demos.base import Frame, Plot, Series, Topic
from demos.engine import Engine
from demos.wire import DemoError, Load, NewFrame, Pause, Step
from tui import headless_cli
from tui.headless_cli import frame_json, run_command

RUN = "import sys; from tui.headless_cli import run_command; sys.exit(run_command(sys.argv[1:]))"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = run_command(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def engine_frame(slug: str, values: dict[str, Any], seed: int, steps: int) -> Frame:
    """What the panel would show after `steps` presses of "." on a paused demo."""
    frames: list[Frame] = []

    def emit(message: Any) -> None:
        if isinstance(message, NewFrame):
            frames.append(message.frame)
        assert not isinstance(message, DemoError), message

    engine = Engine(emit)
    engine.handle(Pause(True))
    engine.handle(Load(0, slug, values, seed))
    for _ in range(steps):
        engine.handle(Step())
    return frames[-1]


def test_text_output_is_aligned_readouts_then_step_and_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "gradient", "--steps", "4", "--seed", "3")
    assert (status, err) == (0, "")
    frame = headless.run("gradient", seed=3, steps=4)
    lines = out.splitlines()
    labels = [label for label, _ in frame.readouts] + ["step", "status", "message"]
    assert [line.split(":")[0] for line in lines] == labels
    assert (
        len({line.index(value) for line, (_, value) in zip(lines, frame.readouts, strict=False)})
        == 1
    )
    for line, (label, value) in zip(lines, frame.readouts, strict=False):
        assert line.startswith(f"{label}:") and line.endswith(f" {value}")
    assert lines[-3].split() == ["step:", "4"]
    assert lines[-2].split() == ["status:", "running"]


def test_json_has_values_readouts_and_every_series(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "gradient", "--json", "--steps", "3", "--set", "loss=squared", "--set", "lr=0.1"
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["slug"] == "gradient" and data["seed"] == 0 and data["step"] == 3
    assert data["values"] == {"param": 3.0, "x": 1.0, "target": 2.0, "loss": "squared", "lr": 0.1}
    frame = headless.run("gradient", {"loss": "squared", "lr": 0.1}, seed=0, steps=3)
    assert data["status"] == frame.status and data["message"] == frame.message
    assert data["readouts"] == dict(frame.readouts)
    assert [p["title"] for p in data["plots"]] == [p.title for p in frame.plots]
    for plot_json, plot in zip(data["plots"], frame.plots, strict=True):
        for series_json, series in zip(plot_json["series"], plot.series, strict=True):
            assert series_json["label"] == series.label
            assert len(series_json["x"]) == len(series_json["y"]) == len(series.y)


def test_same_numbers_as_the_engine_behind_the_panel(capsys: pytest.CaptureFixture[str]) -> None:
    values = {"loss": "squared", "lr": 0.7, "param": -1.5}
    status, out, _ = run(
        capsys, "gradient", "--json", "--steps", "6", "--seed", "11",
        "--set", "loss=squared", "--set", "lr=0.7", "--set", "param=-1.5",
    )  # fmt: skip
    assert status == 0
    data = json.loads(out)
    frame = engine_frame("gradient", values, 11, 6)
    assert data["readouts"] == dict(frame.readouts)
    assert data["plots"] == frame_json("gradient", 11, {}, frame)["plots"]


def test_non_finite_numbers_become_null() -> None:
    frame = Frame(
        step=2,
        status="diverged",
        message="diverged at step 2",
        plots=(Plot("p", series=(Series("s", (1.0, float("nan"), float("-inf"))),)),),
        readouts=(("loss", "inf"),),
    )
    data = frame_json("x", 0, {"lr": 1.0}, frame)
    assert data["plots"][0]["series"][0] == {
        "label": "s",
        "kind": "line",
        "x": [0, 1, 2],
        "y": [1.0, None, None],
    }
    json.dumps(data, allow_nan=False)  # valid JSON: no NaN tokens


def test_a_diverged_run_still_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "gradient", "--json", "--steps", "400", "--set", "loss=squared", "--set", "lr=4"
    )
    assert status == 0
    data = json.loads(out)
    assert data["status"] == "diverged" and "diverged at step" in data["message"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["nope"], ["unknown topic 'nope'", *SLUGS]),
        ([], ["SLUG"]),
        (["gradient", "--set", "lr"], ["NAME=VALUE", "param, x, target, loss, lr"]),
        (["gradient", "--set", "speed=2"], ["unknown parameter 'speed'", "lr"]),
        (["gradient", "--set", "lr=fast"], ["lr must be a number", "0.001 to 4"]),
        (["gradient", "--set", "lr=9"], ["out of range", "0.001 to 4"]),
        (["gradient", "--set", "loss=cubic"], ["absolute, squared"]),
        (["gradient", "--steps", "0"], ["--steps", "1 to 100000"]),
        (["gradient", "--steps", "100001"], ["--steps", "1 to 100000"]),
        (["gradient", "--steps", "ten"], ["--steps", "'ten'"]),
        (["gradient", "--seed", "1.5"], ["--seed", "'1.5'"]),
        (["gradient", "--seed", str(2**64)], ["--seed", "from 0 to 4294967295"]),
        (["gradient", "--bogus"], ["--bogus"]),
        (["gradient", "--steps"], ["--steps", "expected one argument"]),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("qa-tui run: error: ")
    for word in words:
        assert word in err


def test_a_question_without_a_live_demo_is_bad_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def get_topic(slug: str) -> Topic:
        topic = demos.get_topic(slug)
        return dataclasses.replace(topic, demo="") if slug == "init" else topic

    monkeypatch.setattr(headless_cli, "get_topic", get_topic)
    status, out, err = run(capsys, "init")
    assert (status, out) == (2, "")
    assert err == (
        "qa-tui run: error: init has no live demo yet (choose from "
        f"{', '.join(s for s in SLUGS if s != 'init')})\n"
    )


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "--steps" in out and "--set" in out


def test_a_failing_demo_is_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(headless, "start", broken)
    status, out, err = run(capsys, "gradient", "--steps", "1")
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1 and "RuntimeError: boom second line" in err


def test_ctrl_c_is_one_line_and_status_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(headless, "start", interrupted)
    status, _, err = run(capsys, "gradient")
    assert status == 130 and err == "qa-tui run: error: interrupted\n"


def test_as_a_process_no_traceback() -> None:
    bad = subprocess.run(
        [sys.executable, "-c", RUN, "gradient", "--set", "lr=9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.splitlines() == ["qa-tui run: error: lr=9 is out of range (0.001 to 4)"]
    good = subprocess.run(
        [sys.executable, "-c", RUN, "gradient", "--steps", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert good.stderr == ""
    assert json.loads(good.stdout)["step"] == 2
