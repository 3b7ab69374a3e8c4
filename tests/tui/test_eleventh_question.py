"""Adding a question: an eleventh one, registered, opens in the app and runs headless."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout

import pytest

import demos
from tests.extra_question import TOPIC
from tui.__main__ import main
from tui.headless_cli import run_command

from .helpers import fresh_frame


@pytest.fixture
def eleventh() -> Iterator[None]:
    demos.register(TOPIC)
    try:
        yield
    finally:
        demos.unregister(TOPIC.slug)


def test_register_adds_it_after_the_others_once(eleventh: None) -> None:
    assert demos.topics()[-1] is TOPIC and demos.get_topic("halving") is TOPIC
    assert demos.SLUGS[-1] == "halving"
    with pytest.raises(ValueError, match="registered already"):
        demos.register(TOPIC)


def test_it_runs_headless_and_is_listed(eleventh: None) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert run_command(["halving", "--steps", "3", "--set", "factor=0.5", "--json"]) == 0
    result = json.loads(out.getvalue())
    assert result["readouts"]["value"] == "0.125"
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--list"]) == 0
    assert out.getvalue().splitlines()[-1].startswith("halving")


async def test_it_opens_in_the_app_from_the_list_and_the_palette(eleventh: None, make_app) -> None:
    app = make_app(slug="halving", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        assert app.panel.topic is TOPIC
        title = str(app.screen.query_one("#title-bar").render())
        assert "question 11 of 11" in title
        await pilot.press("1")  # digits reach the first ten
        assert app.panel.topic.slug == "gradient"
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert f"11. {TOPIC.question}" in commands
