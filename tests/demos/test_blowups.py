"""Numeric blow-ups, headless: every parameter of every demo at its bounds and every choice, and
combinations meant to diverge, never raise; every frame is plain, picklable data whose plots are
finite (or the demo says "diverged at step k"); a diverged demo recovers after a reset.
"""

from __future__ import annotations

import io
import math
import pickle
import re
from collections.abc import Iterator

import pytest
import torch

from demos import TOPICS, get_topic, load_demo
from demos.base import Demo, Frame, Topic, Value

torch.set_num_threads(1)

STEPS = 20
DIVERGED = re.compile(r"^diverged at step \d+")
PERCENT_IN_E = re.compile(r"\de[+-]?\d+\s*%")  # "1e+02%" where "100%" was meant
PLAIN_MODULES = {"demos.base", "demos.wire", "builtins"}  # what the UI may unpickle


def clamped(topic: Topic, overrides: dict[str, Value]) -> dict[str, Value]:
    values = topic.defaults() | overrides
    return {p.name: p.clamp(values[p.name]) for p in topic.params}


def bound_cases() -> Iterator[tuple[str, dict[str, Value]]]:
    """Each numeric param at lo and hi, each choice and each bool, the others at their defaults
    (with the mode that shows the param)."""
    for topic in TOPICS:
        if not topic.demo:
            continue
        defaults = topic.defaults()
        for param in topic.params:
            base: dict[str, Value] = {}
            if param.modes and defaults.get("mode") not in param.modes:
                base["mode"] = param.modes[0]
            if param.scale == "choice":
                options: list[Value] = list(param.choices)
            elif param.scale == "bool":
                options = [True, False]
            else:
                assert param.lo is not None and param.hi is not None, (topic.slug, param.name)
                options = [param.lo, param.hi]
            for option in options:
                yield topic.slug, base | {param.name: option}


# Combinations meant to blow up: the largest lr, the largest init multiplier, the deepest net.
# `True` marks the ones that must reach status "diverged" within STEPS steps.
DIVERGING: list[tuple[str, dict[str, Value], bool]] = [
    ("gradient", {"loss": "squared", "lr": 4.0, "x": 3.0, "param": 5.0, "target": -5.0}, True),
    ("gradient", {"loss": "absolute", "lr": 4.0, "x": 3.0}, False),
    ("images", {"mode": "neural field", "lr": 1.0, "frequencies": 10, "width": 128}, False),
    ("images", {"mode": "neural field", "lr": 1.0, "frequencies": 0, "width": 16}, False),
    ("deeper", {"depth": 64, "width": 128, "lr": 0.1, "activation": "relu"}, True),
    ("deeper", {"depth": 64, "lr": 0.1, "activation": "gelu"}, True),
    ("deeper", {"depth": 64, "width": 4, "lr": 0.1, "activation": "sigmoid"}, False),
    ("init", {"scheme": "normal", "activation": "none", "layers": 100, "multiplier": 100.0}, False),
    ("init", {"scheme": "kaiming", "layers": 100, "multiplier": 100.0}, False),
    ("init", {"scheme": "small", "layers": 100, "multiplier": 0.01}, False),
    ("minibatch", {"mode": "batch size", "batch": 1, "lr": 1.0}, True),
    ("minibatch", {"mode": "batch size", "batch": 2048, "lr": 1.0}, False),
    ("minibatch", {"mode": "noise injection", "sigma": 1.0, "eta": 0.1, "start": 2.5}, False),
    ("nonlinearity", {"lr": 1.0, "width": 256, "target": "step"}, False),
    ("nonlinearity", {"lr": 1.0, "width": 256, "activation": "gelu", "target": "abs"}, False),
    ("sgd", {"mode": "learning rate", "function": "rosenbrock", "lr": 4.0}, False),
    ("sgd", {"mode": "learning rate", "function": "quadratic", "lr": 4.0}, False),
    ("sgd", {"mode": "closed form", "batch": 1, "fit_lr": 2.0}, True),
    ("sgd", {"mode": "discrete choice", "lr": 4.0, "start": 4.0, "through": "argmax"}, False),
    (
        "padding",
        {"mode": "attention", "pad": 10.0, "rows": 16, "max_len": 32, "empty": True},
        False,
    ),
    ("padding", {"mode": "means", "pad": -10.0, "rows": 1, "max_len": 1, "empty": True}, False),
    ("numpy", {"mode": "speed", "n": 4194304, "op": "matmul", "dtype": "int64"}, False),
    ("autodiff", {"mode": "finite differences", "x0": -2.0, "dtype": "float32"}, False),
]


def case_id(slug: str, overrides: dict[str, Value]) -> str:
    return slug + ":" + ",".join(f"{k}={v}" for k, v in overrides.items())


class PlainUnpickler(pickle.Unpickler):
    """Records which classes a pickled frame needs: the UI must not have to import torch."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.modules: set[str] = set()

    def find_class(self, module: str, name: str):  # type: ignore[no-untyped-def]
        self.modules.add(module)
        return super().find_class(module, name)


def numbers(frame: Frame) -> Iterator[tuple[str, object]]:
    """Every number a plot of the frame hands to the front end, with where it sits."""
    for plot in frame.plots:
        for series in plot.series:
            for axis, values in (("y", series.y), ("x", series.x or ())):
                for value in values:
                    yield f"{plot.title}/{series.label}.{axis}", value
        for row in plot.image or ():
            for value in row:
                yield f"{plot.title}/image", value
        for axis, limits in (("xlim", plot.xlim), ("ylim", plot.ylim)):
            for value in limits or ():
                yield f"{plot.title}/{axis}", value


def check_frame(frame: Frame, where: str) -> None:
    assert isinstance(frame, Frame), where
    unpickler = PlainUnpickler(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    assert unpickler.load() == frame, f"{where}: the frame does not survive the pipe"
    assert unpickler.modules <= PLAIN_MODULES, f"{where}: the UI would import {unpickler.modules}"
    assert frame.status in ("running", "done", "diverged"), where
    if frame.status == "diverged":
        assert DIVERGED.match(frame.message), f"{where}: diverged without a step: {frame.message!r}"
    for label, value in frame.readouts:
        assert isinstance(label, str) and isinstance(value, str), f"{where}: readout {label!r}"
    texts = [frame.message, *(value for _, value in frame.readouts)]
    assert not any(PERCENT_IN_E.search(text) for text in texts), f"{where}: {texts}"
    for place, value in numbers(frame):
        assert type(value) in (float, int), f"{where}: {place} holds a {type(value).__name__}"
        if not math.isfinite(value):  # type: ignore[arg-type]
            assert frame.status == "diverged", f"{where}: {place} = {value} while {frame.status}"


def run_checked(demo: Demo, slug: str, values: dict[str, Value], steps: int) -> Frame:
    demo.reset(values, 0)
    frame = demo.frame()
    check_frame(frame, f"{slug} after reset")
    for _ in range(steps):
        more = demo.step()
        frame = demo.frame()
        check_frame(frame, f"{slug} step {frame.step}")
        if not more:
            break
    return frame


@pytest.mark.parametrize(
    ("slug", "overrides"), [pytest.param(*case, id=case_id(*case)) for case in bound_cases()]
)
def test_every_param_at_its_bounds_and_every_choice_steps_cleanly(
    slug: str, overrides: dict[str, Value]
) -> None:
    topic = get_topic(slug)
    values = clamped(topic, overrides)
    run_checked(load_demo(topic, values), slug, values, STEPS)


@pytest.mark.parametrize(
    ("slug", "overrides", "must_diverge"),
    [pytest.param(*case, id=case_id(*case[:2])) for case in DIVERGING],
)
def test_diverging_combinations_are_reported_and_reset_recovers(
    slug: str, overrides: dict[str, Value], must_diverge: bool
) -> None:
    topic = get_topic(slug)
    values = clamped(topic, overrides)
    demo = load_demo(topic, values)
    last = run_checked(demo, slug, values, STEPS)
    if must_diverge:
        assert last.status == "diverged", f"{slug} {overrides}: {last.status} {last.message!r}"
    # the same instance (a new one if the default mode has its own demo), reset with the
    # defaults: a clean, finite run again
    if topic.demo_for(values) != topic.demo_for(topic.defaults()):
        demo = load_demo(topic, topic.defaults())
    recovered = run_checked(demo, slug, topic.defaults(), 3)
    assert recovered.status != "diverged", recovered.message
    assert recovered.plots, f"{slug} draws nothing after the reset"
    for place, value in numbers(recovered):
        assert math.isfinite(value), f"{slug} after reset: {place} = {value}"  # type: ignore[arg-type]


def test_the_bound_cases_cover_every_param_of_every_demo() -> None:
    covered = {(slug, name) for slug, overrides in bound_cases() for name in overrides}
    for topic in TOPICS:
        for param in topic.params:
            assert (topic.slug, param.name) in covered, (topic.slug, param.name)
    assert all(topic.demo for topic in TOPICS), "a topic without a demo escapes these tests"
