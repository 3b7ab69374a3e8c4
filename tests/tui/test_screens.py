"""Help, code view and command palette, through Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

import demos.gradient
from demos import get_topic
from tui.widgets.code_screen import CodeScreen
from tui.widgets.help_screen import HelpScreen

from .helpers import fresh_frame, wait_for


async def test_help_lists_keys_and_each_param_with_its_value(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("right")  # param (start) 3 -> 3.25
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys, params = app.screen.tables
        rendered = "\n".join(str(cell) for column in params.columns for cell in column._cells)
        for param in app.panel.topic.params:
            assert param.label in rendered
        assert "3.25" in rendered and "-5 to 5" in rendered
        assert any("pause" in str(cell) for cell in keys.columns[1]._cells)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_code_view_shows_the_module_that_runs(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CodeScreen)
        assert Path(app.screen.path) == Path(demos.gradient.__file__)
        assert app.screen.source == Path(demos.gradient.__file__).read_text()
        assert "class GradientDemo" in app.screen.source
        await pilot.press("pagedown")
        await pilot.press("escape")
        assert not isinstance(app.screen, CodeScreen)


async def test_palette_opens_a_question_by_fuzzy_search(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"limitations")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.panel.topic is get_topic("sgd"))


async def test_palette_runs_panel_actions(make_app) -> None:
    app = make_app(paused=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"pause / res")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.panel.paused)


async def test_plots_follow_the_theme(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        view = app.query_one("#plot-0")
        await pilot.pause(0.2)
        dark = view.base_style().bgcolor
        app.theme = "textual-light"
        await pilot.pause(0.2)
        light = view.base_style().bgcolor
        assert dark != light
        assert next(iter(view.render_line(0))).style.bgcolor == light


async def test_no_color_is_respected(make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(paused=True)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await fresh_frame(pilot)


async def test_palette_titles_sort_in_question_order(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)):
        titles = [c.title for c in app.get_system_commands(app.screen) if c.title[:3].strip()]
        questions = [t for t in titles if t.split(".", 1)[0].strip().isdigit()]
        assert sorted(questions) == questions  # the palette lists them sorted: 1..9 before 10
        assert questions[0].startswith(" 1. ") and questions[9].startswith("10. ")
