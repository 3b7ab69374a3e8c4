"""The code view (`c`): the lesson of the current question and mode, the code the compute process
runs, highlighted and scrollable; n / p step through the project modules it uses and the demo
module that draws it; x takes it away as a standalone script."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Static

from demos.base import Topic, Value


def code_files(topic: Topic, values: Mapping[str, Value]) -> list[Path]:
    """The lesson first, then the project modules it imports, then the demo module."""
    from tui.script_export import ExportError, lesson_files

    try:
        return lesson_files(topic, values)
    except ExportError:  # a demo not (yet) built on a lesson: its own module
        module = topic.demo_for(values).partition(":")[0] or f"demos.specs.{topic.slug}"
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise LookupError(f"no source for {module}") from None
        return [Path(spec.origin)]


def shown_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("demos") :]) if "demos" in parts else path.name


class CodeScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,c", "dismiss", "close"),
        Binding("n,right,right_square_bracket", "cycle(1)", "next file"),
        Binding("p,left,left_square_bracket", "cycle(-1)", "previous file"),
        Binding("x", "take_away", "take away"),
    ]
    DEFAULT_CSS = """
    CodeScreen { align: center middle; }
    CodeScreen > VerticalScroll {
        width: 95%; height: 95%; border: thick $accent; background: $surface;
    }
    """

    index: var[int] = var(0)

    def __init__(self, topic: Topic, values: Mapping[str, Value] | None = None) -> None:
        super().__init__()
        self.files = code_files(topic, values or topic.defaults())
        self.sources = [path.read_text(encoding="utf-8") for path in self.files]

    @property
    def path(self) -> Path:
        return self.files[self.index]

    @property
    def source(self) -> str:
        return self.sources[self.index]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="code")

    def on_mount(self) -> None:
        self.show(self.index)
        self.query_one(VerticalScroll).focus()

    def watch_index(self, index: int) -> None:
        if self.is_mounted:
            self.show(index)

    def show(self, index: int) -> None:
        scroll = self.query_one(VerticalScroll)
        if len(self.files) == 1:
            role = "the code that runs"
        elif index == 0:
            role = "the lesson"
        elif index < len(self.files) - 1:
            role = "used by the lesson"
        else:
            role = "the demo: draws the lesson's run"
        scroll.border_title = Text(f"{shown_name(self.path)} ({role})")
        keys = "n / p: other files · " if len(self.files) > 1 else ""
        scroll.border_subtitle = Text(
            f"{index + 1}/{len(self.files)} · {keys}x: take away as a script · escape closes"
        )
        syntax = Syntax(self.source, "python", line_numbers=True, word_wrap=True)
        self.query_one("#code", Static).update(syntax)
        scroll.scroll_home(animate=False)

    def action_cycle(self, direction: int) -> None:
        self.index = (self.index + direction) % len(self.files)

    async def action_take_away(self) -> None:
        await self.app.run_action("export_script")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
