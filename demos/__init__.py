"""The ordered registry of topics: the questions of the week 5 Q&A, in the source's order.

Importing this package imports no torch: each topic's text and parameters live in
`demos.specs`, and its demo class is loaded by `load_demo` only where the work runs.
"""

from __future__ import annotations

import importlib

from demos.base import Demo, Topic, Values
from demos.specs import TOPICS

__all__ = ["SLUGS", "TOPICS", "get_topic", "load_demo"]
SLUGS: tuple[str, ...] = tuple(topic.slug for topic in TOPICS)


def get_topic(slug: str) -> Topic:
    for topic in TOPICS:
        if topic.slug == slug:
            return topic
    raise KeyError(slug)


def load_demo(topic: Topic, values: Values | None = None) -> Demo:
    """A fresh instance of the topic's demo for these values' mode (imports torch)."""
    target = topic.demo_for(values)
    if not target:
        raise LookupError(f"the live demo for {topic.slug!r} is not built yet")
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls()
