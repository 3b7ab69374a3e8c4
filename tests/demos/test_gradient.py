"""The gradient demo's numbers against the closed form and a finite difference."""

from __future__ import annotations

import math

import pytest

from demos import headless
from demos.gradient import GradientDemo


def measured(**values: float | str) -> GradientDemo:
    demo = headless.start("gradient", values)
    assert isinstance(demo, GradientDemo)
    return demo


@pytest.mark.parametrize("param", [-4.0, -1.5, 0.5, 3.0, 4.75])
@pytest.mark.parametrize("x", [-2.0, 0.5, 1.0, 2.5])
@pytest.mark.parametrize("target", [-3.0, 2.0])
def test_autograd_matches_the_closed_form_and_finite_difference(
    param: float, x: float, target: float
) -> None:
    residual = x * param - target
    for loss, expected, x_expected in (
        ("absolute", x * math.copysign(1, residual), param * math.copysign(1, residual)),
        ("squared", 2 * x * residual, 2 * param * residual),
    ):
        demo = measured(param=param, x=x, target=target, loss=loss)
        assert demo.grad == pytest.approx(expected, abs=1e-12)
        assert demo.x_grad == pytest.approx(x_expected, abs=1e-12)
        assert abs(residual) > 1e-3  # away from the kink
        assert demo.fd == pytest.approx(demo.grad, abs=1e-4)
        assert dict(demo.frame().readouts)["param.grad (autograd)"] == f"{expected:.4g}"


def test_x_grad_differs_from_param_grad() -> None:
    demo = measured(param=3.0, x=1.0, target=2.0)
    assert demo.grad == 1.0 and demo.x_grad == 3.0


def test_absolute_loss_bounces_around_the_kink_and_says_so() -> None:
    frame = headless.run("gradient", {"loss": "absolute"}, steps=20)
    assert frame.status == "running"
    assert "hopping over the kink" in frame.message
    demo = measured(loss="absolute")
    grads = []
    for _ in range(20):
        demo.step()
        grads.append(abs(demo.grad))
    assert min(grads) == pytest.approx(1.0)  # |grad| never shrinks with |f - target|


def test_squared_loss_settles_at_the_target() -> None:
    frame = headless.run("gradient", {"loss": "squared", "lr": 0.3}, steps=500)
    assert frame.status == "done"
    assert float(dict(frame.readouts)["param"]) == pytest.approx(2.0, abs=1e-6)


def test_too_large_a_learning_rate_diverges_with_a_clear_message() -> None:
    frame = headless.run("gradient", {"loss": "squared", "lr": 4.0, "x": 3.0}, steps=500)
    assert frame.status == "diverged"
    assert frame.message.startswith(f"diverged at step {frame.step}")
    for plot in frame.plots:
        for series in plot.series:
            assert all(math.isfinite(v) for v in series.x or ()), "plot x must stay finite"
