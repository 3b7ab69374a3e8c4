"""Issue 17.6, 17.8 and 17.9 through Pilot: outside text in notifications, export into odd,
vanished or full directories, a state file that is not ours, a save that fails."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from .helpers import fresh_frame, wait_for

HOSTILE_NAME = "out [/x] [bold]b\x1b]0;pwned\x07"  # "out [" / "x] [bold]b..." as a path


def record_notes(app: Any) -> list[Any]:
    said: list[Any] = []
    notify = app.notify

    def record(message: Any, *args: Any, **kwargs: Any) -> None:
        said.append(message)
        notify(message, *args, **kwargs)

    app.notify = record
    return said


def text_of(said: list[Any]) -> str:
    return "\n".join(m.plain if hasattr(m, "plain") else str(m) for m in said)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config"
    path.mkdir()
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(path))
    return path


async def test_export_into_a_directory_named_like_markup_with_an_escape(
    make_app: Any, tmp_path: Path
) -> None:
    folder = tmp_path / HOSTILE_NAME
    folder.mkdir(parents=True)
    app = make_app(paused=True, export_dir=folder)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("e")
        await pilot.pause(0.3)
        assert app.is_running
    text = text_of(said)
    assert "Exported" in text and "[/x] [bold]b" in text, text
    assert "\x1b" not in text and "\x07" not in text
    assert len(list(folder.glob("*.csv"))) == 1 and len(list(folder.glob("*.svg"))) == 1


async def test_a_config_directory_named_like_markup_does_not_stop_the_start(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / HOSTILE_NAME
    config.mkdir(parents=True)
    (config / "state.json").write_text("{not json")
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(config))
    app = make_app(paused=True, remember=True)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        assert app.is_running
    text = text_of(said)
    assert "[/x] [bold]b" in text and "not valid JSON" in text and "\x1b" not in text, text


async def test_export_says_clearly_when_the_current_directory_is_gone(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = make_app(paused=True)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("e")
        await pilot.pause(0.3)
        assert app.is_running
    assert "current directory no longer exists" in text_of(said), text_of(said)


async def test_export_says_clearly_when_its_directory_is_gone(
    make_app: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = make_app(paused=True, export_dir=folder)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        folder.rmdir()
        await pilot.press("e")
        await pilot.pause(0.3)
        assert app.is_running
    assert f"the directory {folder} is gone; nothing was written" in text_of(said)
    assert not folder.exists()


async def test_a_failed_export_leaves_nothing_behind(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(paused=True, export_dir=tmp_path)
    said = record_notes(app)

    def disk_full(*args: Any, **kwargs: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(app, "export_screenshot", disk_full)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("e")
        await pilot.pause(0.3)
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())
    assert "Export failed: No space left on device; nothing was written" in text_of(said)


async def test_a_foreign_state_file_is_left_alone_and_said_so(make_app: Any, config: Path) -> None:
    foreign = json.dumps({"theme": "dark", "editor": "vim"})
    (config / "state.json").write_text(foreign)
    app = make_app(paused=True, remember=True)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("right", "q")
    assert (config / "state.json").read_text() == foreign
    assert "not a qa-tui state file; left as it is" in text_of(said)


async def test_a_save_that_fails_is_said_on_screen(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(blocker / "qa-tui"))  # cannot be created
    app = make_app(paused=True, remember=True)
    said = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("right")
        await wait_for(pilot, lambda: "cannot save state" in text_of(said), timeout=12)
        assert app.is_running
    assert os.path.isfile(blocker)


async def test_a_frames_text_reaches_the_screen_without_control_characters(make_app: Any) -> None:
    from demos.base import Frame
    from demos.wire import NewFrame
    from tui.app import ComputeMessage

    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        panel = app.panel
        frame = Frame(
            step=1, message="a\x1b]0;pwned\x07 [/x] b", readouts=(("x\x1b[2J", "[bold]1"),)
        )
        assert panel.stats is not None
        app.post_message(ComputeMessage(NewFrame(panel.gen, frame, panel.stats)))
        await wait_for(pilot, lambda: panel.frame is not None and panel.frame.step == 1)
        await fresh_frame(pilot)
        shown = str(panel.status.render()) + str(panel.readouts.render())
        assert "]0;pwned [/x] b" in shown and "[bold]1" in shown, shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert app.is_running
