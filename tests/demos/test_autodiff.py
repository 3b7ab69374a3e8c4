"""The autodiff demo: same Jacobian both ways, each mode wins on its shape, FD's V, exact AD."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch

from demos import get_topic, headless
from demos.autodiff_forward_vs_reverse import ratio_text
from demos.base import Frame
from demos.lessons import autodiff_forward_vs_reverse as jacobians
from demos.lessons.autodiff_finite_differences import autograd_derivative, f_prime
from demos.lessons.autodiff_forward_vs_reverse import Job, jacobian, many_to_one, one_to_many


def reverse_jacobian(*problem: object) -> torch.Tensor:
    return jacobian(0, *problem)  # type: ignore[arg-type]


def forward_jacobian(*problem: object) -> torch.Tensor:
    return jacobian(1, *problem)  # type: ignore[arg-type]


torch.set_num_threads(1)
TOPIC = get_topic("autodiff")
FD = "finite differences"


def readout(frame: Frame, label: str) -> str:
    return dict(frame.readouts)[label]


@pytest.mark.parametrize("build", [many_to_one, one_to_many])
def test_both_modes_give_torch_funcs_jacobian_in_float64(build: Callable) -> None:
    from torch.func import jacfwd, jacrev

    fn, point, constants = build(64, torch.float64, 0)
    by_reverse = reverse_jacobian(fn, point, constants)
    by_forward = forward_jacobian(fn, point, constants)
    shape = (1, 64) if build is many_to_one else (64, 1)
    assert by_reverse.shape == by_forward.shape == shape
    assert (by_reverse - by_forward).abs().max().item() < 1e-12
    reference = jacrev(lambda p: fn(p, *constants))(point)
    assert torch.allclose(by_reverse.reshape(-1), reference.reshape(-1), atol=1e-12)
    reference = jacfwd(lambda p: fn(p, *constants))(point)
    assert torch.allclose(by_forward.reshape(-1), reference.reshape(-1), atol=1e-12)


def test_each_mode_needs_one_pass_on_its_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reverse: one backward pass per output. Forward: one dual pass per input."""

    backward = forward = 0
    grad, make_dual = torch.autograd.grad, jacobians.fwad.make_dual

    def counted_grad(*args: object, **kwargs: object) -> object:
        nonlocal backward
        backward += 1
        return grad(*args, **kwargs)

    def counted_dual(tensor: torch.Tensor, tangent: torch.Tensor) -> torch.Tensor:
        nonlocal forward
        forward += bool(tangent.any())  # the constants' zero tangents are not passes
        return make_dual(tensor, tangent)

    monkeypatch.setattr(torch.autograd, "grad", counted_grad)
    monkeypatch.setattr(jacobians.fwad, "make_dual", counted_dual)
    for build, outputs, inputs in ((many_to_one, 1, 32), (one_to_many, 32, 1)):
        backward = forward = 0
        problem = build(32, torch.float64, 0)
        reverse_jacobian(*problem)
        forward_jacobian(*problem)
        assert (backward, forward) == (outputs, inputs)


def test_each_mode_wins_on_its_shape_and_the_jacobians_agree() -> None:
    frame = headless.run("autodiff", seed=0, steps=500)
    assert frame.status == "done"
    assert readout(frame, "f at n=1024").startswith("reverse")  # one output: one backward pass
    assert readout(frame, "g at m=1024").startswith("forward")  # one input: one forward pass
    assert float(readout(frame, "max |J_rev - J_fwd|")) < 1e-6
    for plot in frame.plots:
        assert plot.xlog and plot.ylog
        for series in plot.series:
            assert len(series.y) == 9  # 4, 8, ..., 1024
            assert all(math.isfinite(t) and t > 0 for t in series.y)


def test_a_long_jacobian_is_spread_over_steps_and_comes_out_the_same() -> None:
    for way, whole in ((0, reverse_jacobian), (1, forward_jacobian)):
        for name in "fg":
            job = Job(name, 64, way, torch.float64, 0)
            calls = 1
            while not job.work(budget=0.0):  # one pass a call
                calls += 1
            passes = 64 if (name, way) in (("f", 1), ("g", 0)) else 1
            assert calls == passes
            seconds, jacobian = job.result()
            assert seconds > 0
            assert torch.equal(jacobian, whole(*job.problem))


def test_speedups_read_in_two_or_three_figures() -> None:
    assert ratio_text(1.0, 9.96) == "reverse 10x faster"
    assert ratio_text(1.0, 2.44) == "reverse 2.4x faster"
    assert ratio_text(226.9, 1.0) == "forward 227x faster"
    assert ratio_text(0.0, 1.0) == "too fast to time"


def errors(frame: Frame, label: str) -> dict[float, float]:
    series = next(s for s in frame.plots[0].series if s.label.startswith(label))
    assert series.x is not None
    return dict(zip(series.x, series.y, strict=True))


def test_central_difference_error_has_a_v_shape_in_float64() -> None:
    frame = headless.run("autodiff", {"mode": FD}, steps=100)
    assert frame.status == "done"
    central = errors(frame, "central")
    best = min(central.values())
    assert best < 1e-8
    assert central[1e-1] > 1e3 * best  # truncation: error ~ h^2
    assert central[min(central)] > 1e3 * best  # h = 1e-12: rounding ~ eps / h
    assert min(central) == pytest.approx(1e-12)
    forward = errors(frame, "forward")
    assert min(forward.values()) > 10 * best  # forward differences do worse at their best


def test_autograd_is_exact_to_rounding_in_float64() -> None:
    for x0 in (-2.0, -0.5, 1.0, 1.75):
        assert abs(autograd_derivative(x0, torch.float64) - f_prime(x0)) < 1e-12
    frame = headless.run("autodiff", {"mode": FD}, steps=3)
    text = readout(frame, "autograd error")
    assert text.startswith("0 ") or float(text) < 1e-12


def test_float32_moves_the_bottom_of_the_v_up() -> None:
    frame = headless.run("autodiff", {"mode": FD, "dtype": "float32"}, steps=100)
    central = errors(frame, "central")
    assert 1e-6 < min(central.values()) < 1e-2
    assert float(readout(frame, "autograd error")) < 1e-5


def assert_finite(frame: Frame) -> None:
    assert frame.status in ("running", "done")
    for plot in frame.plots:
        for series in plot.series:
            assert all(isinstance(v, float) and math.isfinite(v) for v in series.y)
            assert series.x is None or len(series.x) == len(series.y)
            if plot.ylog:
                assert all(v > 0 for v in series.y)
    assert 3 <= len(frame.readouts) <= 7
    assert all(len(label) <= 24 for label, _ in frame.readouts)


def bound_values() -> list[dict[str, object]]:
    cases = []
    for param in TOPIC.params:
        options = param.choices if param.scale == "choice" else (param.lo, param.hi)
        for mode in param.modes or ("forward vs reverse", FD):
            cases += [{"mode": mode, param.name: value} for value in options]
    return cases


@pytest.mark.parametrize("values", bound_values(), ids=str)
def test_every_bound_runs_with_finite_frames(values: dict[str, object]) -> None:
    demo = headless.start("autodiff", values, seed=1)
    assert_finite(demo.frame())
    for _ in range(3):
        demo.step()
    assert_finite(demo.frame())


def test_forward_modes_one_off_start_up_is_paid_before_any_timing() -> None:
    """Forward AD's first use loads PyTorch's jvp decompositions (~0.4 s): in reset, untimed,
    or n=4 would plot as the slowest size until the median outvoted it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from demos.headless import start\n"
        "start('autodiff')\n"
        "print('torch._decomp.decompositions_for_jvp' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
