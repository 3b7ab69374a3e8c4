"""Guided experiments in the panel: g applies the next, the palette lists them, the panel shows
Try / Notice and marks one seen only when its check holds under its own values."""

from __future__ import annotations

from dataclasses import replace

from demos import get_topic
from demos.base import Condition, Experiment, Frame
from tui.experiments import Guide

from .helpers import fresh_frame, wait_for

GRADIENT = get_topic("gradient")
SQUARED = Experiment(
    name="squared-settles",
    title="Use the squared loss",
    values=(("loss", "squared"),),
    notice="the steps shrink near the minimum and the run settles.",
    steps=200,
    check=(Condition("status", "has", "done"),),
)
BIG_LR = Experiment(
    name="big-lr",
    title="A learning rate of 2",
    values=(("lr", 2.0),),
    notice="the absolute loss hops across the kink.",
    steps=50,
    check=(Condition("step", ">=", 3),),
)
TOPIC = replace(GRADIENT, experiments=(SQUARED, BIG_LR))


def test_next_wraps_and_seen_needs_the_experiments_own_values() -> None:
    guide = Guide()
    assert guide.next(TOPIC) is SQUARED
    guide.start(TOPIC, SQUARED)
    assert guide.next(TOPIC) is BIG_LR
    done = Frame(step=9, status="done")
    other_values = TOPIC.defaults() | {"loss": "squared", "lr": 0.5}
    assert not guide.observe(TOPIC, other_values, done)  # not the experiment's values
    assert not guide.observe(TOPIC, TOPIC.defaults() | {"loss": "squared"}, Frame(step=1))
    assert guide.observe(TOPIC, TOPIC.defaults() | {"loss": "squared"}, done)
    assert ("gradient", "squared-settles") in guide.seen
    guide.start(TOPIC, BIG_LR)
    assert guide.next(TOPIC) is SQUARED  # wraps


def test_note_says_what_to_try_and_notice_and_counts_what_was_seen() -> None:
    guide = Guide()
    assert guide.note(TOPIC).plain == "g try 1/2: Use the squared loss  (0 of 2 seen)"
    guide.start(TOPIC, SQUARED)
    text = guide.note(TOPIC).plain
    assert text.startswith("Try 1/2: Use the squared loss\nNotice: the steps shrink")
    assert text.endswith("\nwatching for it")
    guide.observe(TOPIC, TOPIC.defaults() | {"loss": "squared"}, Frame(step=9, status="done"))
    assert guide.note(TOPIC).plain.endswith("✓ seen (1 of 2); g: the next one")
    assert Guide().note(replace(GRADIENT, experiments=())).plain == ""


async def test_g_sets_the_values_runs_and_marks_the_experiment_seen(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        app.panel.topic = TOPIC
        app.panel.show_lesson()
        await pilot.pause()
        assert "g try 1/2: Use the squared loss" in str(app.panel.lesson.text)
        await pilot.press("g")
        assert app.panel.values == TOPIC.defaults() | {"loss": "squared"}
        assert not app.panel.paused  # an experiment runs
        await wait_for(pilot, lambda: ("gradient", "squared-settles") in app.panel.guide.seen)
        await pilot.pause()
        assert "✓ seen (1 of 2)" in app.panel.lesson.text.plain
        await pilot.press("g")
        assert app.panel.values == TOPIC.defaults() | {"lr": 2.0}
        assert app.panel.lesson.text.plain.startswith("Try 2/2: A learning rate of 2")


async def test_changing_a_value_by_hand_leaves_the_experiment(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        app.panel.topic = TOPIC
        await pilot.press("g")
        assert app.panel.guide.current(TOPIC) is SQUARED
        await pilot.press("down", "right")  # input x: no longer the experiment's values
        assert app.panel.guide.current(TOPIC) is None
        assert app.panel.lesson.text.plain.startswith("g try 2/2")


async def test_the_palette_lists_each_experiment(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        app.panel.topic = TOPIC
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Try 1: Use the squared loss" in titles and "Try 2: A learning rate of 2" in titles
