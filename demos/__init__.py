"""The ordered registry of topics: the questions of the week 5 Q&A, in the source's order.

Importing this package imports no torch: each topic's text and parameters live in
`demos.specs`, and its demo class is loaded by `load_demo` only where the work runs.

Read the registry through `topics()`, `slugs()` and `get_topic()`: they see a question added with
`register()` (a plug-in, or a test that adds an eleventh question). `TOPICS` and `SLUGS` are the
same, read when asked for; `from demos import TOPICS` keeps the tuple of that moment.
"""

from __future__ import annotations

import importlib
from typing import Any

from demos import specs
from demos.base import Demo, Topic

__all__ = ["SLUGS", "TOPICS", "get_topic", "load_demo", "register", "slugs", "topics"]


def topics() -> tuple[Topic, ...]:
    return specs.TOPICS


def slugs() -> tuple[str, ...]:
    return tuple(topic.slug for topic in specs.TOPICS)


def register(topic: Topic) -> None:
    """Add a question after the others. Its demo class is named by `topic.demo`."""
    if topic.slug in slugs():
        raise ValueError(f"a question with slug {topic.slug!r} is registered already")
    specs.TOPICS = (*specs.TOPICS, topic)


def unregister(slug: str) -> None:
    specs.TOPICS = tuple(topic for topic in specs.TOPICS if topic.slug != slug)


def __getattr__(name: str) -> Any:
    if name == "TOPICS":
        return topics()
    if name == "SLUGS":
        return slugs()
    raise AttributeError(f"module 'demos' has no attribute {name!r}")


def get_topic(slug: str) -> Topic:
    for topic in specs.TOPICS:
        if topic.slug == slug:
            return topic
    raise KeyError(slug)


def load_demo(topic: Topic) -> Demo:
    """A fresh instance of the topic's demo (imports torch)."""
    if not topic.demo:
        raise LookupError(f"the live demo for {topic.slug!r} is not built yet")
    module_name, _, class_name = topic.demo.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls()
