"""Step a demo without any UI: for tests, scripts and `qa-tui run`."""

from __future__ import annotations

from collections.abc import Mapping

from demos import get_topic, load_demo
from demos.base import Demo, Frame, Value

CHECKS = 40  # frames an experiment run looks at, about: a second or two of the panel at 10 fps


def start(slug: str, values: Mapping[str, Value] | None = None, seed: int = 0) -> Demo:
    """A demo reset with the topic's defaults overridden by `values` (clamped)."""
    topic = get_topic(slug)
    demo = load_demo(topic)
    demo.reset(topic.values(values), seed)
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


def run_experiment(
    slug: str, name: str, seed: int = 0, steps: int | None = None
) -> tuple[Frame, bool]:
    """Run a topic's guided experiment: its values, up to its step budget (or `steps`).

    Returns the last frame and whether the experiment's check held on some frame on the way.
    Like a front end, which draws some of the frames, it looks at about CHECKS of them evenly
    spread (and always at the last one), since building a frame can cost as much as a step.
    """
    experiment = get_topic(slug).experiment(name)
    budget = experiment.steps if steps is None else steps
    every = max(1, budget // CHECKS)
    demo = start(slug, experiment.settings(), seed)
    frame = demo.frame()
    held = experiment.held(frame)
    for done in range(1, budget + 1):
        running = demo.step()
        if not running or done % every == 0 or done == budget:
            frame = demo.frame()
            held = held or experiment.held(frame)
        if not running:
            break
    return frame, held
