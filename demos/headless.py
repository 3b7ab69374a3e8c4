"""Step a demo without any UI: for tests, scripts and `qa-tui run`."""

from __future__ import annotations

from collections.abc import Mapping

from demos import get_topic, load_demo
from demos.base import Demo, Frame, Value


def start(slug: str, values: Mapping[str, Value] | None = None, seed: int = 0) -> Demo:
    """A demo reset with the topic's defaults overridden by `values` (clamped)."""
    topic = get_topic(slug)
    merged = topic.defaults() | dict(values or {})
    clamped = {p.name: p.clamp(merged[p.name]) for p in topic.params}
    demo = load_demo(topic, clamped)
    demo.reset(clamped, seed)
    return demo


def run(
    slug: str, values: Mapping[str, Value] | None = None, seed: int = 0, steps: int = 100
) -> Frame:
    """Up to `steps` steps (fewer if the demo finishes or diverges), then the frame."""
    demo = start(slug, values, seed)
    for _ in range(steps):
        if not demo.step():
            break
    return demo.frame()
