"""Remembered state: where it lives, round trips, and never a crash on a bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from demos import get_topic
from tui import state as state_module
from tui.state import VERSION, State, config_dir, load_state, save_state, state_path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "config"
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(directory))
    return directory


def write(config: Path, data: object) -> None:
    config.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (config / "state.json").write_text(text, encoding="utf-8")


def good(topics: dict, last: object = "gradient") -> dict:
    return {"app": "qa-tui", "version": VERSION, "last": last, "topics": topics}


def test_config_dir_override_then_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("QA_TUI_CONFIG_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert config_dir() == tmp_path / "home" / ".config" / "qa-tui"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")  # the XDG spec says absolute only
    assert config_dir() == tmp_path / "home" / ".config" / "qa-tui"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert state_path() == tmp_path / "xdg" / "qa-tui" / "state.json"
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(tmp_path / "mine"))
    assert state_path() == tmp_path / "mine" / "state.json"


def test_first_run_is_empty_without_warning(config: Path) -> None:
    assert load_state() == (State(), None)
    assert not config.exists()  # loading creates nothing


def test_save_then_load_round_trips(config: Path) -> None:
    state = State()
    gradient = get_topic("gradient")
    state.remember("gradient", gradient.defaults() | {"lr": 0.6, "loss": "squared"}, 42)
    padding = get_topic("padding")
    state.remember("padding", padding.defaults() | {"empty": True, "rows": 3}, 7)
    assert save_state(state) is None
    loaded, warning = load_state()
    assert warning is None
    assert loaded == state
    assert loaded.last == "padding"
    assert loaded.values_for(gradient) == gradient.defaults() | {"lr": 0.6, "loss": "squared"}
    assert loaded.seed_for("gradient") == 42 and loaded.seed_for("sgd", 3) == 3
    data = json.loads((config / "state.json").read_text())
    assert data["version"] == VERSION and data["app"] == "qa-tui"
    assert data["topics"]["gradient"] == {"seed": 42, "values": {"loss": "squared", "lr": 0.6}}
    assert sorted(p.name for p in config.iterdir()) == ["state.json"]  # no temp file left


def test_remember_keeps_only_values_that_differ_from_defaults() -> None:
    state = State()
    minibatch = get_topic("minibatch")
    state.remember("minibatch", minibatch.defaults() | {"batch": 8.0, "lr": 0.1}, 1)
    assert state.values["minibatch"] == {"lr": 0.1}  # batch 8.0 is the default 8


def test_save_skips_writing_when_nothing_changed(config: Path) -> None:
    state = State(last="gradient", seeds={"gradient": 1})
    assert save_state(state) is None
    path = config / "state.json"
    os.utime(path, (1_000_000, 1_000_000))
    assert save_state(state) is None
    assert path.stat().st_mtime == 1_000_000
    state.seeds["gradient"] = 2
    assert save_state(state) is None
    assert path.stat().st_mtime != 1_000_000


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", ["not valid JSON"]),
        ("", ["not valid JSON"]),
        ("[1, 2, 3]", ["not a qa-tui state file"]),
        ('{"theme": "dark"}', ["not a qa-tui state file"]),
        ('{"app": "other", "version": 1}', ["not a qa-tui state file"]),
        ('{"app": "qa-tui", "version": 99, "last": "gradient"}', ["unsupported version 99"]),
        ('{"app": "qa-tui", "last": "gradient"}', ["unsupported version None"]),
        ("[" * 100_000 + "]" * 100_000, ["not valid JSON"]),
    ],
    ids=["broken", "empty", "list", "other-keys", "other-app", "future", "no-version", "deep"],
)
def test_corrupt_or_foreign_file_is_ignored_with_a_warning(
    config: Path, content: str, words: list[str]
) -> None:
    write(config, content)
    state, warning = load_state()
    assert state == State()
    assert warning is not None and "\n" not in warning
    assert str(config / "state.json") in warning
    for word in words:
        assert word in warning


def test_binary_and_huge_files_are_ignored(config: Path) -> None:
    config.mkdir()
    (config / "state.json").write_bytes(b"\xff\xfe\x00garbage")
    assert load_state()[1] is not None and "not valid JSON" in load_state()[1]
    (config / "state.json").write_bytes(b" " * (state_module.MAX_BYTES + 10))
    state, warning = load_state()
    assert state == State() and warning is not None and "too large" in warning


def test_unreadable_file_is_ignored_with_a_warning(config: Path) -> None:
    (config / "state.json").mkdir(parents=True)  # a directory where the file should be
    state, warning = load_state()
    assert state == State()
    assert warning is not None and "cannot read" in warning


def test_entries_that_no_longer_fit_are_dropped_or_clamped(config: Path) -> None:
    write(
        config,
        good(
            {
                "gone": {"seed": 1, "values": {"lr": 0.1}},
                "gradient": {
                    "seed": 5,
                    "values": {
                        "lr": 400,  # out of range: clamped to 4
                        "param": "3",  # a string for a number: dropped
                        "x": True,  # a bool for a number: dropped
                        "target": 10**400,  # too big for a float: dropped
                        "loss": "cubic",  # not a choice: dropped
                        "speed": 2,  # no such parameter: dropped
                    },
                },
                "padding": {"seed": "7", "values": {"empty": 1, "rows": 2.6, "pad": -1e9}},
                "sgd": {"seed": True, "values": ["lr", 0.1]},
                "deeper": {"seed": 2**70, "values": {"lr": 1e-3, "depth": "deep"}},
                "images": "nonsense",
            },
            last="gone",
        ),
    )
    state, warning = load_state()
    assert warning is None
    assert state.last is None
    assert state.values["gradient"] == {"lr": 4.0}
    assert state.seeds == {"gradient": 5}
    assert state.values["padding"] == {"rows": 3, "pad": -10.0}  # empty=1 is not a bool
    assert state.values["deeper"] == {}  # lr at its default is not kept
    assert "gone" not in state.values and "images" not in state.values
    assert "sgd" not in state.values


def test_nan_and_infinity_in_the_file_are_dropped(config: Path) -> None:
    write(
        config,
        '{"app": "qa-tui", "version": 1, "last": "gradient", "topics": '
        '{"gradient": {"values": {"lr": NaN, "x": Infinity, "target": -1.5}}}}',
    )
    state, warning = load_state()
    assert warning is None
    assert state.last == "gradient"
    assert state.values["gradient"] == {"target": -1.5}


def test_non_object_topics_and_values_are_ignored(config: Path) -> None:
    write(config, good([], last=3))
    assert load_state() == (State(), None)


def test_save_returns_a_warning_when_the_directory_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blocker").write_text("a file, not a directory")
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(tmp_path / "blocker" / "qa-tui"))
    warning = save_state(State(last="gradient"))
    assert warning is not None and "cannot save state" in warning and "\n" not in warning


def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temp(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert save_state(State(last="gradient")) is None
    before = (config / "state.json").read_text()

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(state_module.os, "replace", fail)
    warning = save_state(State(last="sgd"))
    assert warning is not None and "No space left on device" in warning
    assert (config / "state.json").read_text() == before
    assert sorted(p.name for p in config.iterdir()) == ["state.json"]


def test_values_json_cannot_hold_give_a_warning(config: Path) -> None:
    state = State(last="gradient", values={"gradient": {"lr": float("nan")}})
    warning = save_state(state)
    assert warning is not None and "cannot save state" in warning
    assert not (config / "state.json").exists()


def test_missing_home_gives_a_warning_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("QA_TUI_CONFIG_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(state_module.Path, "home", staticmethod(no_home))
    state, warning = load_state()
    assert state == State() and warning is not None
    assert save_state(State()) is not None
