"""Export, the share line and remembered state, through Pilot."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from demos import get_topic
from tui.settings import parse_sets

from .helpers import fresh_frame, record_notifications


async def test_export_writes_csv_and_svg_without_overwriting(make_app, tmp_path: Path) -> None:
    app = make_app(paused=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("full_stop")
        await pilot.pause(0.2)
        await pilot.press("e")
        await pilot.press("e")
        await pilot.pause(0.2)
    csvs = sorted(tmp_path.glob("*.csv"))
    svgs = sorted(tmp_path.glob("*.svg"))
    assert len(csvs) == 2 and len(svgs) == 2, list(tmp_path.iterdir())
    rows = list(csv.DictReader(csvs[0].open()))
    assert {row["series"] for row in rows} >= {"loss(param)", "tangent", "loss"}
    assert "qa-tui" in svgs[0].read_text()


async def test_export_before_any_frame_says_so(make_app, tmp_path: Path) -> None:
    app = make_app(slug="images", export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.panel.apply_frame = lambda *args: None  # type: ignore[method-assign]
        app.panel.frame = None
        await pilot.press("e")
        await pilot.pause(0.1)
    assert not list(tmp_path.iterdir())


async def test_share_line_reopens_the_same_state(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("down", "down", "right", "n")
        share = str(app.query_one("#share").render())
        command = share.split("reopen with: ", 1)[1].split()
        assert command[:3] == ["qa-tui", "--topic", "gradient"]
        assert command[command.index("--seed") + 1] == str(app.panel.seed)
        sets = [command[i + 1] for i, word in enumerate(command) if word == "--set"]
        values = get_topic("gradient").defaults() | parse_sets(get_topic("gradient"), sets)
        assert values == app.panel.values


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(tmp_path))
    return tmp_path


async def test_last_question_and_its_params_are_remembered(make_app, config_dir: Path) -> None:
    app = make_app(paused=True, remember=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("8")  # nonlinearity
        await pilot.press("down", "right")  # hidden width 32 -> 36
        width = app.panel.values["width"]
        await pilot.press("q")
    saved = json.loads((config_dir / "state.json").read_text())
    assert saved["last"] == "nonlinearity"
    again = make_app(paused=True, remember=True)
    async with again.run_test(size=(120, 40)):
        assert again.panel.topic.slug == "nonlinearity"
        assert again.panel.values["width"] == width


async def test_a_corrupt_state_file_warns_and_starts_fresh(make_app, config_dir: Path) -> None:
    (config_dir / "state.json").write_text("{not json")
    app = make_app(paused=True, remember=True)
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        assert app.panel.topic.slug == "gradient"
        assert any("ignored" in text for text in said), "the user is told the file was ignored"


async def test_forgetful_app_writes_nothing(make_app, config_dir: Path) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "q")
    assert not list(config_dir.iterdir())
