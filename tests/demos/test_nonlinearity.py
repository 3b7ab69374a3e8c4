"""Linear-linear collapses to a line; with an activation the same width fits curves."""

from __future__ import annotations

import pytest

from demos import headless
from demos.nonlinearity import associativity_check, least_squares_loss
from demos.specs.nonlinearity import TOPIC


def readout(frame, label: str) -> float:  # type: ignore[no-untyped-def]
    return float(dict(frame.readouts)[label])


def test_matrix_products_associate_but_do_not_commute() -> None:
    demo = headless.start("nonlinearity", {"width": 8}, seed=0)
    for _ in range(10):
        demo.step()
    assoc, commute = associativity_check(demo.linear, demo.x)
    assert assoc < 1e-4
    assert commute == "8x8 vs 1x1"  # AB and BA: not even the same shape


@pytest.mark.parametrize("target", ["sine", "abs", "step"])
def test_linear_linear_never_beats_the_best_line(target: str) -> None:
    demo = headless.start("nonlinearity", {"target": target, "lr": 0.05}, seed=1)
    for _ in range(600):
        demo.step()
    floor = least_squares_loss(demo.x, demo.y)
    assert min(demo.losses[0]) >= floor - 1e-3


def test_relu_net_beats_a_fifth_of_the_best_line_at_defaults() -> None:
    demo = headless.start("nonlinearity", seed=0)
    for _ in range(1000):
        demo.step()
    assert demo.losses[1][-1] < demo.floor / 5
    frame = demo.frame()
    assert readout(frame, "relu net loss") < readout(frame, "best straight line") / 5


@pytest.mark.parametrize("activation", TOPIC.param("activation").choices)
def test_every_activation_trains(activation: str) -> None:
    demo = headless.start("nonlinearity", {"activation": activation}, seed=0)
    for _ in range(50):
        demo.step()
    assert demo.losses[1][-1] < demo.losses[1][0]


def test_huge_learning_rate_reports_instead_of_crashing() -> None:
    frame = headless.run("nonlinearity", {"lr": 1.0, "width": 256}, steps=300)
    assert frame.status in ("running", "done", "diverged")
    if frame.status == "diverged":
        assert frame.message.startswith("diverged at step")
