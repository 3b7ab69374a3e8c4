"""Guided experiments: plain data, and each one's check holds headless within its step budget."""

from __future__ import annotations

import re

import pytest

from demos import TOPICS, get_topic
from demos.base import Condition, Experiment, Frame, Plot, Series
from demos.headless import run_experiment

SEEDS = (0, 1, 2)
ALL = [(topic.slug, experiment.name) for topic in TOPICS for experiment in topic.experiments]


def test_every_question_has_two_to_four_experiments_with_valid_values() -> None:
    for topic in TOPICS:
        assert 2 <= len(topic.experiments) <= 4, topic.slug
        names = [e.name for e in topic.experiments]
        assert len(set(names)) == len(names), topic.slug
        for experiment in topic.experiments:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", experiment.name)
            assert experiment.title and experiment.notice and experiment.check
            assert 1 <= experiment.steps <= 400
            for name, value in experiment.values:
                param = topic.param(name)  # KeyError: a value for a parameter that is not there
                assert param.clamp(value) == value, (topic.slug, experiment.name, name)


@pytest.mark.parametrize(("slug", "name"), ALL)
def test_each_experiment_holds_within_its_budget_for_several_seeds(slug: str, name: str) -> None:
    for seed in SEEDS:
        frame, held = run_experiment(slug, name, seed)
        assert held, (slug, name, seed, frame.message, frame.readouts)


def test_an_experiment_does_not_hold_before_its_work_is_done() -> None:
    """The checks say something: with one step instead of the budget, these do not hold."""
    for slug, name in [
        ("gradient", "kink-bounce"),
        ("images", "ct-plain-vs-filtered"),
        ("deeper", "residual-wins"),
        ("minibatch", "anti-pgd-wide"),
        ("sgd", "lr-past-bound"),
    ]:
        _, held = run_experiment(slug, name, 0, steps=1)
        assert not held, (slug, name)


def test_the_same_check_fails_at_other_settings() -> None:
    """SGD's check needs lr past 2/lambda_max: at the default lr it does not hold."""
    experiment = get_topic("sgd").experiment("lr-past-bound")
    from demos.headless import run

    frame = run("sgd", {"mode": "learning rate", "lr": 0.1}, 0, experiment.steps)
    assert not experiment.held(frame)


FRAME = Frame(
    step=7,
    status="diverged",
    message="diverged at step 7",
    plots=(Plot("error vs N", (Series("plain", (0.9, 0.7)),)),),
    readouts=(("loss", "1.5e+03"), ("best", "3 ms"), ("where", "sharp min (75.7)")),
)


def test_conditions_read_numbers_text_series_and_ratios() -> None:
    assert Condition("readout:loss", ">", 1000).holds(FRAME)
    assert not Condition("readout:loss", "<", 1000).holds(FRAME)
    assert Condition("readout:loss", ">", 400, over="readout:best").holds(FRAME)
    assert Condition("readout:where", "has", "sharp").holds(FRAME)
    assert Condition("readout:where", "lacks", "wide").holds(FRAME)
    assert Condition("status", "has", "diverged").holds(FRAME)
    assert Condition("step", ">=", 7).holds(FRAME)
    assert Condition("last:error/plain", "<", 0.8).holds(FRAME)
    assert not Condition("readout:missing", "<", 1).holds(FRAME)  # missing: never holds
    assert not Condition("readout:missing", "lacks", "x").holds(FRAME)
    assert not Condition("last:error/filtered", "<", 1).holds(FRAME)
    held = Experiment("x", "t", (), "n", 1, (Condition("step", ">", 8),))
    assert not held.held(FRAME)
