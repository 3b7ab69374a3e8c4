"""Every question and mode has a lesson: a short PyTorch program with the spec's parameter names
and defaults, no presentation in it, and a demo of the same name that only draws it."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from demos import TOPICS, load_demo
from demos.base import LessonDemo, Topic, Value

LESSONS = Path(__file__).resolve().parents[2] / "demos" / "lessons"
MAX_LINES = 145  # "about 120 at most": the two that time things (autodiff, numpy speed) reach 145


def cases() -> list[tuple[Topic, dict[str, Value]]]:
    out = []
    for topic in TOPICS:
        for mode in topic.modes() or ("",):
            out.append((topic, topic.defaults() | ({"mode": mode} if mode else {})))
    return out


def name_of(topic: Topic, values: dict[str, Value]) -> str:
    mode = str(values.get("mode", ""))
    return topic.slug + ("_" + re.sub(r"[^a-z0-9]+", "_", mode.lower()).strip("_") if mode else "")


PARAMS = [pytest.param(topic, values, id=name_of(topic, values)) for topic, values in cases()]


@pytest.mark.parametrize(("topic", "values"), PARAMS)
def test_demo_and_lesson_share_the_name_and_the_specs_parameters(
    topic: Topic, values: dict[str, Value]
) -> None:
    name = name_of(topic, values)
    demo = load_demo(topic, values)
    assert isinstance(demo, LessonDemo)
    camel = "".join(part.title() for part in name.split("_")).replace("MriKSpace", "MriKSpace")
    assert (type(demo).__module__, type(demo).__name__) == (f"demos.{name}", f"{camel}Demo")
    lesson = importlib.import_module(f"demos.lessons.{name}")
    assert demo.lesson.__module__ == demo.config.__module__ == lesson.__name__
    assert demo.lesson.__name__ == camel  # sgd_closed_form: SgdClosedForm, SgdClosedFormDemo
    visible = {p.name: p.default for p in topic.visible(values) if p.name != "mode"}
    defaults = demo.config()  # every field has the spec's default
    fields = {name: getattr(defaults, name) for name in demo.config.__annotations__}
    assert fields == visible  # the same names, the same defaults


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.py")), ids=lambda p: p.stem)
def test_a_lesson_is_short_plain_pytorch(path: Path) -> None:
    source = path.read_text()
    assert len(source.splitlines()) <= MAX_LINES
    tree = ast.parse(source)
    assert ast.get_docstring(tree), "a lesson says what it shows"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("demos"):
            assert node.module.startswith(("demos.lessons.", "demos.phantom")), node.module
        if isinstance(node, ast.Import):
            assert all(not a.name.startswith(("demos", "tui")) for a in node.names)
        if isinstance(node, ast.Name):
            assert node.id not in ("Frame", "Plot", "Series"), f"{path.name} draws"
