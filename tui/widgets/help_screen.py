"""Help: every key of the panel, and each parameter's meaning, range and current value."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from demos.base import Topic, Value
from tui.settings import share_command

KEYS = (
    ("up / down", "select a parameter"),
    ("left / right", "change it one step (log values multiply, choices cycle)"),
    ("space", "pause / resume"),
    (".", "one step while paused"),
    ("r / n", "reset with the same seed / a new seed"),
    ("d", "this question's parameters back to their defaults (the seed stays)"),
    ("g", "the next guided experiment: its values set, the demo running"),
    ("b", "show or hide the last run's series, kept when a parameter changes"),
    ("v", "the next chart, when not all of them fit (the panel's top line says which show)"),
    ("z", "zoom: the charts take the screen (z or escape: back)"),
    ("a", "the whole answer (a or escape: back to the charts)"),
    ("pgup / pgdn", "scroll the answer"),
    ("tab", "move between the questions and the panel"),
    ("enter", "open the highlighted question"),
    ("1-9, 0", "jump to question 1-10"),
    ("c", "show the demo's source code"),
    ("e", "export the run as CSV and the screen as SVG"),
    ("ctrl+p", "command palette: questions, actions, themes"),
    ("? / f1", "this help"),
    ("q / ctrl+q", "quit"),
)


def help_tables(topic: Topic, values: dict[str, Value]) -> tuple[Table, Table]:
    keys = Table(title="Keys", show_header=False, expand=True, box=None, padding=(0, 2, 0, 0))
    keys.add_column(style="bold", no_wrap=True)
    keys.add_column()
    for key, meaning in KEYS:
        keys.add_row(key, meaning)
    params = Table(title=f"Parameters of “{topic.slug}”", expand=True, show_lines=False)
    for column in ("parameter", "now", "range", "meaning"):
        params.add_column(column, overflow="fold")
    for param in topic.visible(values):
        value = values.get(param.name, param.default)
        params.add_row(param.label, param.format(value), param.range_text(), param.help)
    if not topic.params:
        params.add_row("—", "", "", "this question has no live parameters")
    return keys, params


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%; border: thick $accent; padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, topic: Topic, values: dict[str, Value], seed: int = 0) -> None:
        super().__init__()
        self.tables = help_tables(topic, values)
        self.share = Text("reopen with: ", style="dim")  # also on the panel where it fits
        self.share.append(share_command(topic, values, seed))
        self.has_demo = bool(topic.demo)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "help · escape closes · pgup / pgdn scroll"
            yield Static(self.tables[0], id="help-keys")
            yield Static(self.tables[1], id="help-params")
            if self.has_demo:
                yield Static(self.share, id="help-share")
            yield Static("[dim]escape closes[/]")
