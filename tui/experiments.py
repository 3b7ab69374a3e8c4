"""Guided experiments in the panel: which one is on, which the student has seen, and the
"Try / Notice" text. Plain data and Rich text, no widgets: the panel shows what this returns.

An experiment (demos.base.Experiment) sets some values; its check is a condition on frames. It
counts as seen when a live frame satisfies the check while the panel still holds exactly the
experiment's values: change one of them and the experiment is left (the panel says how to get
it back), so a check met under other settings is never credited to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from demos.base import Experiment, Frame, Topic, Value


def applies(experiment: Experiment, topic: Topic, values: dict[str, Value]) -> bool:
    """Are `values` exactly the experiment's (its settings, the rest at their defaults)?"""
    wanted = settings(experiment, topic)
    return all(values.get(name) == value for name, value in wanted.items())


def settings(experiment: Experiment, topic: Topic) -> dict[str, Value]:
    """Every value of `topic` as the experiment sets it (clamped, like any value)."""
    return topic.values(experiment.settings())


@dataclass
class Guide:
    """The experiments of the questions seen in this session: the one on, and those seen."""

    on: dict[str, int] = field(default_factory=dict)  # slug -> index of the experiment on
    last: dict[str, int] = field(default_factory=dict)  # slug -> index of the last one applied
    seen: set[tuple[str, str]] = field(default_factory=set)  # (slug, experiment name)

    def next(self, topic: Topic) -> Experiment | None:
        """The experiment `g` applies now: the one after the last applied (wrapping)."""
        if not topic.experiments:
            return None
        index = (self.last.get(topic.slug, -1) + 1) % len(topic.experiments)
        return topic.experiments[index]

    def start(self, topic: Topic, experiment: Experiment) -> None:
        index = topic.experiments.index(experiment)
        self.on[topic.slug] = self.last[topic.slug] = index

    def current(self, topic: Topic) -> Experiment | None:
        index = self.on.get(topic.slug)
        return topic.experiments[index] if index is not None else None

    def leave(self, topic: Topic) -> None:
        self.on.pop(topic.slug, None)

    def observe(self, topic: Topic, values: dict[str, Value], frame: Frame) -> bool:
        """Check a live frame; True if it made the current experiment seen just now."""
        experiment = self.current(topic)
        if experiment is None or (topic.slug, experiment.name) in self.seen:
            return False
        if not applies(experiment, topic, values) or not experiment.held(frame):
            return False
        self.seen.add((topic.slug, experiment.name))
        return True

    def note(self, topic: Topic) -> Text:
        """The panel's "Try / Notice" lines for `topic`."""
        text = Text()
        count = len(topic.experiments)
        if not count:
            return text
        done = sum((topic.slug, e.name) in self.seen for e in topic.experiments)
        experiment = self.current(topic)
        if experiment is None:
            upcoming = self.next(topic)
            assert upcoming is not None
            number = topic.experiments.index(upcoming) + 1
            text.append("g", style="bold reverse")
            text.append(f" try {number}/{count}: ", style="bold")
            text.append(upcoming.title)
            text.append(f"  ({done} of {count} seen)", style="dim")
            return text
        number = topic.experiments.index(experiment) + 1
        text.append(f"Try {number}/{count}: ", style="bold")
        text.append(experiment.title + "\n")
        text.append("Notice: ", style="bold")
        text.append(experiment.notice)
        if (topic.slug, experiment.name) in self.seen:
            text.append("\n✓ seen", style="bold green")
            text.append(f" ({done} of {count}); g: the next one", style="dim")
        else:
            text.append("\nwatching for it", style="italic")
        return text
