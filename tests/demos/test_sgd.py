"""Limits of SGD: the 2/lambda_max bound, lstsq vs SGD, zero gradients through a discrete choice."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.lessons.sgd_closed_form import ROWS as FIT_ROWS
from demos.lessons.sgd_closed_form import SgdClosedForm as ClosedFormRun
from demos.lessons.sgd_discrete_choice import SgdDiscreteChoice as DiscreteRun
from demos.lessons.sgd_discrete_choice import hard_loss
from demos.lessons.sgd_learning_rate import MOMENTUM, Config, quadratic, rosenbrock, stability_bound
from demos.lessons.sgd_learning_rate import SgdLearningRate as LearningRateRun

TOPIC = get_topic("sgd")
BOUND = 2 / 15  # the quadratic's eigenvalues are 1 and 15


def run(values: dict, steps: int, seed: int = 0):  # -> the mode's run object
    demo = headless.start("sgd", values, seed)
    for _ in range(steps):
        if not demo.step():
            break
    return demo.run, demo.frame()


def test_bound_is_two_over_largest_eigenvalue() -> None:
    assert stability_bound(quadratic, (0.0, 0.0)) == pytest.approx(BOUND, rel=1e-12)


def test_the_lessons_three_optimizers_follow_torch_optim() -> None:
    lr = 0.01
    ours = LearningRateRun(Config(function="rosenbrock", lr=lr), seed=0)
    params = [torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True) for _ in range(3)]
    theirs = [
        torch.optim.SGD([params[0]], lr=lr),
        torch.optim.SGD([params[1]], lr=lr, momentum=MOMENTUM),
        torch.optim.Adam([params[2]], lr=lr),
    ]
    for _ in range(50):
        ours.step()
        for k, optimizer in enumerate(theirs):
            optimizer.zero_grad()
            rosenbrock(params[k]).backward()
            optimizer.step()
    for w, p in zip(ours.weights, params, strict=True):
        assert torch.allclose(w.detach(), p.detach(), rtol=1e-12, atol=1e-14)


def test_plain_sgd_converges_below_the_bound() -> None:
    lr_run, frame = run({"mode": "learning rate", "lr": 0.9 * BOUND}, steps=300)
    assert isinstance(lr_run, LearningRateRun)
    assert lr_run.diverged_at == [0, 0, 0]
    assert lr_run.losses[0][-1] < 1e-12
    assert dict(frame.readouts)["lr vs 2/lambda_max"].endswith("below")


def test_plain_sgd_diverges_above_the_bound_while_adam_goes_on() -> None:
    lr_run, frame = run({"mode": "learning rate", "lr": 1.1 * BOUND}, steps=400)
    assert isinstance(lr_run, LearningRateRun)
    sgd_at, _, adam_at = lr_run.diverged_at
    assert sgd_at > 0 and adam_at == 0
    losses = lr_run.losses[0]
    assert losses[-1] > 1e6 * losses[0]  # it grew geometrically until it was called off
    assert frame.status == "done"  # not every optimizer blew up, so the run finishes
    assert dict(frame.readouts)["SGD loss"] == f"diverged at step {sgd_at}"
    assert f"SGD diverged at step {sgd_at}" in frame.message
    check_frame(frame)


def test_sgd_matches_lstsq() -> None:
    fit, _ = run({"mode": "closed form", "batch": FIT_ROWS, "fit_lr": 0.2}, steps=600)
    assert isinstance(fit, ClosedFormRun)
    normal = fit.x.T @ (fit.x @ fit.best_w - fit.y)  # lstsq solves the normal equations
    assert normal.abs().max().item() < 1e-9
    assert (fit.w - fit.best_w).abs().max().item() < 1e-3


def test_sgd_needs_many_steps_to_come_within_one_percent() -> None:
    fit, frame = run({"mode": "closed form"}, steps=300)
    assert isinstance(fit, ClosedFormRun)
    assert 20 < fit.hit_step < 300
    assert fit.losses[fit.hit_step] <= 1.01 * fit.best < fit.losses[fit.hit_step - 1]
    assert fit.hit_time > fit.solver_time  # same process, same moment: a ratio, not a time
    assert dict(frame.readouts)["SGD steps to 1 %"] == str(fit.hit_step)


@pytest.mark.parametrize("theta", [-3.7, -2.0, -0.4, 0.2, 1.3, 2.49, 3.9])
def test_gradient_through_round_is_exactly_zero(theta: float) -> None:
    param = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    hard_loss("round", param, torch.zeros(1), torch.zeros(1)).backward()
    assert param.grad is not None and param.grad.item() == 0.0


def test_argmax_leaves_no_gradient_path() -> None:
    x = torch.linspace(-3, 3, 24, dtype=torch.float64)
    param = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
    loss = hard_loss("argmax", param, x, (x > 1).long())
    assert not loss.requires_grad and loss.item() > 0


@pytest.mark.parametrize("through", ["round", "argmax"])
def test_sgd_never_moves_on_the_staircase(through: str) -> None:
    start = -2.0
    discrete, frame = run({"mode": "discrete choice", "through": through, "start": start}, 200)
    assert isinstance(discrete, DiscreteRun)
    assert frame.status == "done"
    assert all(theta == start for theta in discrete.thetas[0])  # not one step, ever
    assert discrete.grad == (0.0 if through == "round" else None)
    assert discrete.loss_at(discrete.thetas[1][-1]) == 0.0  # the surrogate solves the task
    assert discrete.loss_at(start) > 0


@pytest.mark.parametrize("through", ["round", "argmax"])
def test_staircase_is_flat_between_jumps(through: str) -> None:
    demo = headless.start("sgd", {"mode": "discrete choice", "through": through})
    assert isinstance(demo.run, DiscreteRun)
    stairs = demo.stairs  # type: ignore[attr-defined]
    jumps = sum(a != b for a, b in itertools.pairwise(stairs))
    assert 3 <= jumps <= 24 < len(stairs) / 10  # a few jumps, flat everywhere else


def test_closed_form_blow_up_is_reported_and_reset_recovers() -> None:
    _, frame = run({"mode": "closed form", "fit_lr": 2.0}, steps=200)
    assert frame.status == "diverged"
    assert frame.message.startswith("diverged at step")
    check_frame(frame)
    _, frame = run({"mode": "closed form"}, steps=5)
    assert frame.status == "running"


def check_frame(frame: Frame) -> None:
    for plot in frame.plots:
        for series in plot.series:
            assert len(series.y) <= 401
            for value in (*series.y, *(series.x or ())):
                assert isinstance(value, float) and math.isfinite(value)
    assert 3 <= len(frame.readouts) <= 7
    assert all(len(label) <= 24 for label, _ in frame.readouts)
    assert len(frame.message) <= 100
    if frame.status == "diverged":
        assert frame.message.startswith("diverged at step")


def reachable_values() -> list[dict]:
    """Every mode with each of its params at lo and hi (every choice), and all-lo / all-hi."""
    cases = []
    for mode in TOPIC.param("mode").choices:
        params = [p for p in TOPIC.visible({"mode": mode}) if p.name != "mode"]
        cases.append({"mode": mode})
        for param in params:
            ends = param.choices if param.scale == "choice" else (param.lo, param.hi)
            cases += [{"mode": mode, param.name: end} for end in ends]
        numeric = [p for p in params if p.scale != "choice"]
        choices = [p for p in params if p.scale == "choice"]
        for end, picks in itertools.product(
            ("lo", "hi"), itertools.product(*(p.choices for p in choices))
        ):
            combo = {p.name: getattr(p, end) for p in numeric}
            combo |= {p.name: pick for p, pick in zip(choices, picks, strict=True)}
            cases.append({"mode": mode, **combo})
    return cases


@pytest.mark.parametrize("values", reachable_values(), ids=str)
def test_every_bound_runs_and_frames_are_finite(values: dict) -> None:
    demo = headless.start("sgd", values, seed=1)
    check_frame(demo.frame())
    for _ in range(8):
        demo.step()
        check_frame(demo.frame())


def test_frame_does_not_change_state() -> None:
    for mode in TOPIC.param("mode").choices:
        demo = headless.start("sgd", {"mode": mode}, seed=2)
        for _ in range(10):
            demo.step()
        assert demo.frame() == demo.frame()
