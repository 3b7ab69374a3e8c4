"""The yardstick: a bare Textual app, `python tests/perf/hello.py`.

It paints one greeting and a counter that the left and right keys change, so the benchmark can
time its first paint and its key-to-screen latency the same way it times qa-tui's.
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

GREETING = "Hello from a bare Textual app"


class Hello(App[None]):
    BINDINGS = [("q", "quit", "quit"), ("right", "count(1)", "more"), ("left", "count(-1)", "less")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static(GREETING)
        yield Static("‹ 0 ›", id="count")

    def action_count(self, delta: int) -> None:
        self.count += delta
        self.query_one("#count", Static).update(f"‹ {self.count} ›")


if __name__ == "__main__":
    Hello().run()
