"""The list of questions, numbered in the source's order."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from demos.base import Topic


class Sidebar(OptionList):
    DEFAULT_CSS = """
    Sidebar { width: 34; height: 1fr; }
    """

    def __init__(self, topics: tuple[Topic, ...], *, id: str | None = None) -> None:
        options = [
            Option(f"{number}. {topic.question}", id=topic.slug)
            for number, topic in enumerate(topics, start=1)
        ]
        super().__init__(*options, id=id)
        self.topics = topics

    def point_at(self, slug: str) -> None:
        self.highlighted = self.get_option_index(slug)

    def _move_page(self, direction: int) -> None:  # type: ignore[override]
        """Page up/down before the list was ever laid out (it was hidden from the start, in a
        terminal too small for it) has no lines to page through: go to the first/last option."""
        if self.highlighted is not None and self.highlighted not in self._index_to_line:
            self.action_first() if direction < 0 else self.action_last()
            return
        super()._move_page(direction)  # type: ignore[arg-type]
