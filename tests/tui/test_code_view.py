"""The code view teaches: `c` shows the current mode's lesson, n / p its other files, and `x`
(or the palette) takes the lesson away as a script."""

from __future__ import annotations

import ast
from pathlib import Path

from rich.syntax import Syntax
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.widgets.code_screen import CodeScreen

from .helpers import fresh_frame, wait_for

LESSONS = Path(__file__).resolve().parents[2] / "demos" / "lessons"


def shown(screen: CodeScreen) -> tuple[str, str]:
    """The code on screen and the title above it."""
    code = screen.query_one("#code", Static).content
    assert isinstance(code, Syntax)
    return code.code, str(screen.query_one(VerticalScroll).border_title)


async def test_c_shows_the_lesson_of_the_current_mode_and_n_cycles_its_files(make_app) -> None:
    app = make_app(slug="sgd", values={"mode": "closed form"}, paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        assert screen.path == LESSONS / "sgd_closed_form.py"
        assert screen.source == screen.path.read_text()
        assert "class SgdClosedForm" in screen.source and "Frame" not in screen.source
        assert shown(screen) == (screen.source, "demos/lessons/sgd_closed_form.py (the lesson)")
        names = [path.name for path in screen.files]
        assert names[-1] == "sgd_closed_form.py" and screen.files[-1].parent.name == "demos"
        await pilot.press("n")
        assert screen.path == screen.files[1]
        await pilot.pause()
        assert shown(screen)[0] == screen.files[1].read_text()
        await pilot.press("p", "p")
        assert screen.path == screen.files[-1]
        await pilot.press("escape")
        assert not isinstance(app.screen, CodeScreen)


async def test_the_lesson_shown_follows_the_mode(make_app) -> None:
    app = make_app(slug="images", values={"mode": "neural field"}, paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        assert screen.path.name == "images_neural_field.py"
        # the optimizer and the phantom it imports are one key away each
        assert [p.name for p in screen.files[1:-1]] == ["optim.py", "phantom.py"]


async def test_x_writes_the_standalone_script(make_app, tmp_path: Path) -> None:
    app = make_app(slug="sgd", values={"mode": "discrete choice"}, paused=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: len(list(tmp_path.glob("*.py"))) == 1)
        (script,) = tmp_path.glob("*.py")
        assert script.name.startswith("qa-tui-sgd_discrete_choice-")
        text = script.read_text()
        imported = {
            alias.name if isinstance(node, ast.Import) else node.module
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert "run = SgdDiscreteChoice(config, seed=0)" in text
        assert not {str(name).partition(".")[0] for name in imported} & {"demos", "tui"}
        await pilot.press("c", "x")  # also from inside the code view
        await wait_for(pilot, lambda: len(list(tmp_path.glob("*.py"))) == 2)


async def test_the_palette_takes_the_lesson_away(make_app, tmp_path: Path) -> None:
    app = make_app(slug="padding", values={"mode": "attention"}, paused=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"take away as a")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(list(tmp_path.glob("*.py"))) == 1)
        (script,) = tmp_path.glob("*.py")
        assert script.name.startswith("qa-tui-padding_attention-")
        assert "run = PaddingAttention(config, seed=0)" in script.read_text()
