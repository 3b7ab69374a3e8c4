"""The deeper demo: a residual net trains where the same plain net stalls, and why."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.deeper import DeeperDemo
from demos.lessons.deeper import Deeper

TOPIC = get_topic("deeper")


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Like the engine: one torch thread (faster on these tiny ops, kinder to a shared box)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def trained(steps: int, seed: int = 0, **values: object) -> Deeper:
    demo = headless.start("deeper", values, seed)
    assert isinstance(demo, DeeperDemo)
    for _ in range(steps):
        assert demo.step()
    return demo.run


def all_finite(frame: Frame) -> bool:
    numbers = [v for plot in frame.plots for s in plot.series for v in (*s.y, *(s.x or ()))]
    return all(isinstance(v, float) and math.isfinite(v) for v in numbers)


def test_residual_trains_where_plain_stalls_at_depth_30() -> None:
    demo = trained(60, depth=30)
    plain, resnet = demo.plain, demo.resnet
    assert resnet.losses[-1] < 0.5 * plain.losses[-1]
    assert plain.grad_norms[0] < 0.01 * resnet.grad_norms[0]
    # The plain net's gradient fades layer by layer toward the input; the residual's does not.
    assert plain.grad_norms[0] < 1e-3 * plain.grad_norms[-1]
    assert resnet.grad_norms[0] > 0.1 * resnet.grad_norms[-1]


def test_same_start_same_parameters_only_the_skip_differs() -> None:
    demo = headless.start("deeper", {"depth": 5, "width": 8}, seed=3)
    assert isinstance(demo, DeeperDemo)
    run = demo.run
    pairs = zip(run.plain.net.parameters(), run.resnet.net.parameters(), strict=True)
    assert all(torch.equal(a, b) for a, b in pairs)
    assert not run.plain.net.residual and run.resnet.net.residual
    # input 2->8, five 8x8 hidden layers, output 8->1, all with biases
    assert run.params == (2 * 8 + 8) + 5 * (8 * 8 + 8) + 9
    readouts = dict(demo.frame().readouts)
    assert readouts["params, each net"] == f"{run.params:,}"


def test_same_seed_same_numbers() -> None:
    a, b = trained(5, seed=7, depth=4), trained(5, seed=7, depth=4)
    assert a.plain.losses == b.plain.losses and a.resnet.losses == b.resnet.losses


def test_frame_at_defaults_is_plain_finite_data() -> None:
    demo = headless.start("deeper", {}, 0)
    for _ in range(3):
        demo.step()
    frame = demo.frame()
    assert frame == demo.frame()  # frame() does not change state
    assert frame.status == "running" and all_finite(frame)
    assert 3 <= len(frame.readouts) <= 7 and all(len(k) <= 24 for k, _ in frame.readouts)
    grads = frame.plots[1]
    assert grads.ylog and [len(s.y) for s in grads.series] == [20, 20]


def test_big_learning_rate_reports_divergence_or_stays_finite() -> None:
    demo = headless.start("deeper", {"lr": 0.1, "activation": "relu", "depth": 64}, seed=0)
    for _ in range(30):
        if not demo.step():
            break
    frame = demo.frame()
    assert frame.status == "diverged" or all_finite(frame)
    if frame.status == "diverged":
        assert frame.message.startswith(f"diverged at step {frame.step}")
        assert all_finite(frame)


def bound_values() -> list[dict[str, object]]:
    numeric = [p for p in TOPIC.params if p.scale != "choice"]
    corners = [
        {p.name: bound for p, bound in zip(numeric, combo, strict=True)}
        for combo in itertools.product(*[(p.lo, p.hi) for p in numeric])
    ]
    choices = [{"activation": c} for c in TOPIC.param("activation").choices]
    return corners + choices


@pytest.mark.parametrize("values", bound_values(), ids=str)
def test_every_bound_steps_without_error(values: dict[str, object]) -> None:
    demo = headless.start("deeper", values, seed=1)
    for _ in range(2):
        demo.step()
    frame = demo.frame()
    assert frame.status in ("running", "diverged") and all_finite(frame)
