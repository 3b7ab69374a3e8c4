"""The demo's real source, the file the compute process runs, highlighted and scrollable."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from demos.base import Topic


def demo_source(topic: Topic) -> tuple[Path, str]:
    """The path and text of the module that defines the topic's demo (without importing it)."""
    module = topic.demo.partition(":")[0] or f"demos.specs.{topic.slug}"
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"no source for {module}")
    path = Path(spec.origin)
    return path, path.read_text(encoding="utf-8")


class CodeScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,c", "dismiss", "close")]
    DEFAULT_CSS = """
    CodeScreen { align: center middle; }
    CodeScreen > VerticalScroll {
        width: 95%; height: 95%; border: thick $accent; background: $surface;
    }
    """

    def __init__(self, topic: Topic) -> None:
        super().__init__()
        self.path, self.source = demo_source(topic)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = f"{self.path.name} (the code that runs) · escape closes"
            yield Static(
                Syntax(self.source, "python", line_numbers=True, word_wrap=False),
                id="code",
            )

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
