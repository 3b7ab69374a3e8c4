"""Each question keeps its values, seed and pause while you look at others, and across runs;
`d` returns a question to its defaults; space on a finished run starts it again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demos import get_topic

from .helpers import fresh_frame, wait_for


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QA_TUI_CONFIG_DIR", str(tmp_path))
    return tmp_path


async def test_values_and_seed_survive_a_visit_to_another_question(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("down", "right", "n")  # input x 1.0 -> 1.25, a new seed
        x, seed = app.panel.values["x"], app.panel.seed
        assert x == 1.25 and seed != 0
        await pilot.press("8")
        assert app.panel.topic.slug == "nonlinearity"
        assert app.panel.values == get_topic("nonlinearity").defaults()
        await pilot.press("1")
        assert app.panel.topic.slug == "gradient"
        assert app.panel.values["x"] == x and app.panel.seed == seed


async def test_pause_belongs_to_its_question(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("space")
        assert app.panel.paused
        await pilot.press("8")
        assert not app.panel.paused  # a question not seen yet runs
        await pilot.press("1")
        assert app.panel.paused  # gradient was left paused


async def test_d_returns_the_question_to_its_defaults(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        for _ in range(4):
            await pilot.press("down")
        for _ in range(12):  # learning rate: a log scale that sits on its bound after a few
            await pilot.press("left")
        assert app.panel.values["lr"] == get_topic("gradient").param("lr").lo
        gen = app.panel.gen
        await pilot.press("d")
        assert app.panel.values == get_topic("gradient").defaults()
        assert app.panel.gen == gen + 1  # restarted with them


async def test_space_on_a_finished_run_starts_it_again(make_app) -> None:
    app = make_app(slug="gradient", values={"loss": "squared"})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot, lambda: app.panel.frame is not None and app.panel.frame.status == "done"
        )
        gen = app.panel.gen
        await pilot.press("space")
        assert app.panel.gen == gen + 1 and not app.panel.paused
        await wait_for(pilot, lambda: app.panel.frame is not None)
        assert app.panel.frame.status == "running"


async def test_every_visited_question_is_saved_and_restored(make_app, config_dir: Path) -> None:
    app = make_app(remember=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("down", "right")  # gradient: x 1.25
        await pilot.press("8", "down", "right", "space")  # nonlinearity: width 36, paused
        await pilot.press("3")
        await pilot.press("q")
    saved = json.loads((config_dir / "state.json").read_text())
    assert saved["last"] == "numpy"
    assert saved["topics"]["gradient"]["values"] == {"x": 1.25}
    assert saved["topics"]["nonlinearity"]["values"] == {"width": 36}
    assert saved["topics"]["nonlinearity"]["paused"] is True
    again = make_app(remember=True)
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.panel.topic.slug == "numpy"
        await pilot.press("8")
        assert again.panel.values["width"] == 36 and again.panel.paused
        await pilot.press("1")
        assert again.panel.values["x"] == 1.25 and not again.panel.paused


async def test_changes_are_saved_without_quitting(make_app, config_dir: Path) -> None:
    app = make_app(remember=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("down", "right")
        await wait_for(pilot, lambda: (config_dir / "state.json").exists(), timeout=5)
        saved = json.loads((config_dir / "state.json").read_text())
        assert saved["topics"]["gradient"]["values"] == {"x": 1.25}
