"""The bottom line of keys: what Textual's Footer shows, drawn as one line of text.

Footer builds a widget per key and rebuilds them all whenever focus moves; with a dozen keys
that was half of qa-tui's time to first paint. This is one widget that re-renders its line
when the screen's bindings change (focus moves, a screen opens) or the theme does.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


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
        left, and help and the palette on the right (they stay when the line is cut short)."""
        left: dict[str, tuple[str, str]] = {}
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
                left[binding.action] = shown
        return list(left.values()), right

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")

        def line(keys: list[tuple[str, str]]) -> Text:
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            for key, description in keys:
                text.append(f" {key} ", key_style)
                text.append(f"{description} ", description_style)
            return text

        left, right = self.keys()
        tail = line(right)
        room = max(0, self.size.width - tail.cell_len)
        head = line(left)
        head.truncate(room, overflow="ellipsis", pad=True)
        return head + tail
