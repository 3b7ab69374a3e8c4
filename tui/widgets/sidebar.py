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

    def action_page_up(self) -> None:
        if self.laid_out():
            super().action_page_up()
        else:
            self.action_first()

    def action_page_down(self) -> None:
        if self.laid_out():
            super().action_page_down()
        else:
            self.action_last()

    def laid_out(self) -> bool:
        """Page up/down before the list was ever laid out (hidden from the start, in a terminal
        too small for it) has no lines to page through: then it goes to the first/last option."""
        return self.size.height > 0 and self.virtual_size.height > 0
