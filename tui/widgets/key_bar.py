"""The bottom line of keys: what Textual's Footer shows, drawn as one line of text.

Footer builds a widget per key and rebuilds them all whenever focus moves; with a dozen keys
that was half of qa-tui's time to first paint. This is one widget that re-renders its line
when the screen's bindings change (focus moves, a screen opens) or the theme does.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

BEFORE_PALETTE = 6  # keys that go on the line before ^p palette does (tune, quit, pause, ...)


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar { height: 1; dock: bottom; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background;
                             text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground;
                                     background: $footer-description-background; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(key as shown, description) of each shown binding, one per action: the ones on the
        left, most important first (the focused widget's, then the app's in the order of its
        BINDINGS), and help and the palette on the right."""
        app_order = {
            binding.action: index
            for index, binding in enumerate(type(self.app).BINDINGS)
            if isinstance(binding, Binding)
        }
        left: dict[str, tuple[int, tuple[str, str]]] = {}
        right: list[tuple[str, str]] = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            shown = (self.app.get_key_display(binding), binding.description)
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                right.append(shown)
            elif binding.show and binding.action == "help":
                if shown not in right:
                    right.insert(0, shown)
            elif binding.show and binding.action not in left:
                rank = app_order.get(binding.action, -1) if active.node is self.app else -1
                left[binding.action] = (rank, shown)
        ordered = sorted(left.values(), key=lambda pair: pair[0])  # stable: -1s keep their order
        return [shown for _, shown in ordered], right

    def render(self) -> Text:
        """The keys that fit, whole: help always, on the right; then as many of the others, in
        order of importance, as the line has room for (the help screen lists them all)."""
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")

        def item(key: str, description: str) -> Text:
            text = Text(end="")
            text.append(f" {key} ", key_style)
            text.append(f"{description} ", description_style)
            return text

        left, right = self.keys()
        width = self.size.width
        help_, *rest = [item(*shown) for shown in right] or [Text()]
        tail = help_.copy()
        first = sum(item(*shown).cell_len for shown in left[:BEFORE_PALETTE])
        for part in rest:  # the palette: after the first few keys, before the rest
            if first + tail.cell_len + part.cell_len <= width:
                tail.append_text(part)
        head = Text(no_wrap=True, overflow="crop", end="")
        for shown in left:  # most important first; one that does not fit leaves room for others
            part = item(*shown)
            if head.cell_len + part.cell_len + tail.cell_len <= width:
                head.append_text(part)
        head.pad_right(max(0, width - head.cell_len - tail.cell_len))
        return head + tail
