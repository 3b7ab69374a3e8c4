"""Mini-batch noise: spread ~ 1/sqrt(B); Anti-PGD noise telescopes and finds flat minima."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.lessons.minibatch_batch_size import N_DATA
from demos.lessons.minibatch_batch_size import MinibatchBatchSize as BatchSizeRun
from demos.lessons.minibatch_noise_injection import STEPS as NOISE_STEPS
from demos.lessons.minibatch_noise_injection import MinibatchNoiseInjection as NoiseRun
from demos.lessons.minibatch_noise_injection import landscape, measure

TOPIC = get_topic("minibatch")
NOISE = {"mode": "noise injection"}
SEEDS = range(5)
NOISE_RUN = 300  # steps per seed: Anti-PGD has settled by then (the full run is NOISE_STEPS)


def batch_run(values: dict, seed: int = 0, steps: int = 60) -> BatchSizeRun:
    demo = headless.start("minibatch", {"mode": "batch size", **values}, seed)
    for _ in range(steps):
        if not demo.step():
            break
    assert isinstance(demo.run, BatchSizeRun)
    return demo.run


@pytest.fixture(scope="module")
def noise_runs() -> list[NoiseRun]:
    """Runs at the defaults, one per seed (shared by the noise-injection tests)."""
    torch.set_num_threads(1)
    runs = []
    for seed in SEEDS:
        demo = headless.start("minibatch", NOISE, seed)
        for _ in range(NOISE_RUN):
            demo.step()
        assert isinstance(demo.run, NoiseRun)
        runs.append(demo.run)
    return runs


def test_sharpness_is_the_trace_of_each_points_hessian() -> None:
    points = torch.tensor([[1.0, 0.0], [-0.5, 0.0], [0.3, -0.7], [2.0, 1.5]], dtype=torch.float64)
    loss, grad, trace = measure(points)
    for k, point in enumerate(points):
        hessian = torch.autograd.functional.hessian(lambda w: landscape(w[None])[0], point)
        gradient = torch.autograd.functional.jacobian(lambda w: landscape(w[None])[0], point)
        assert torch.allclose(grad[k], gradient, rtol=1e-12, atol=1e-12)
        assert trace[k].item() == pytest.approx(hessian.trace().item(), rel=1e-12, abs=1e-12)
        assert loss[k].item() == pytest.approx(landscape(point[None])[0].item())
    assert trace[0].item() == pytest.approx(2.0, abs=1e-9)  # the wide bowl: curvature 1 each way


def test_spread_shrinks_like_one_over_sqrt_b() -> None:
    run = batch_run({}, steps=60)
    assert abs(run.ratio() / 8 - 1) < 0.3
    # Sampling without replacement: the finite-data factor sqrt((N - B) / (N - 1)) is exact.
    spread = run.spreads()
    for level in range(9):  # B = 1 ... 256
        size = 2**level
        predicted = spread[0] * math.sqrt((N_DATA - size) / ((N_DATA - 1) * size))
        assert spread[level] == pytest.approx(predicted, rel=0.15)
    assert spread[-1] < 1e-9 * spread[0]  # a batch of all the data is the full gradient


def test_small_batches_sometimes_step_uphill() -> None:
    small, full = batch_run({"batch": 8}, steps=150), batch_run({"batch": N_DATA}, steps=150)
    assert small.uphill > 10  # a mini-batch gradient can point uphill on the full-data loss
    assert full.uphill == 0
    assert full.loss < 1.001 * full.best
    assert small.loss < 1.1 * small.best  # noisy, but it still gets close to the optimum


def test_anti_pgd_noise_sum_telescopes_exactly(noise_runs: list[NoiseRun]) -> None:
    for run in noise_runs:
        assert torch.equal(run.noise_sums[1], run.xi_last - run.xi_first)
        assert run.steps == NOISE_RUN < NOISE_STEPS


def test_pgd_noise_grows_like_sqrt_n(noise_runs: list[NoiseRun]) -> None:
    """Mean |S_{n+m} - S_n|^2 is 2 sigma^2 m for PGD (a random walk), 4 sigma^2 for Anti-PGD."""
    sigma = float(TOPIC.param("sigma").default)
    for lag in (2, 8, 32):
        pgd, anti = [], []
        for run in noise_runs:
            path = torch.tensor(run.noise_path)
            moved = (path[lag:] - path[:-lag]).square()
            pgd.append(moved[:, :2].sum(1).mean().item())
            anti.append(moved[:, 2:].sum(1).mean().item())
        assert sum(pgd) / len(pgd) / (2 * sigma**2 * lag) == pytest.approx(1, rel=0.3)
        assert sum(anti) / len(anti) / (4 * sigma**2) == pytest.approx(1, rel=0.25)


def test_anti_pgd_ends_flatter_than_gd_and_pgd(noise_runs: list[NoiseRun]) -> None:
    for run in noise_runs:
        (gd_at, gd), (_, pgd), (anti_at, anti) = (run.ending(k) for k in range(3))
        assert gd_at == "sharp min" and anti_at == "wide min"
        assert anti < pgd and 10 * anti < gd
        assert anti == pytest.approx(2.0, abs=0.5)  # the wide minimum's tr H is 2 (BOWL * 2)


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
    """Every mode with each of its params at lo and hi, plus all-lo and all-hi together."""
    cases = []
    for mode in TOPIC.param("mode").choices:
        params = [p for p in TOPIC.visible({"mode": mode}) if p.name != "mode"]
        cases.append({"mode": mode})
        for param, end in itertools.product(params, ("lo", "hi")):
            cases.append({"mode": mode, param.name: getattr(param, end)})
        for end in ("lo", "hi"):
            cases.append({"mode": mode, **{p.name: getattr(p, end) for p in params}})
    return cases


@pytest.mark.parametrize("values", reachable_values(), ids=str)
def test_every_bound_runs_and_frames_are_finite(values: dict) -> None:
    demo = headless.start("minibatch", values, seed=1)
    check_frame(demo.frame())
    for _ in range(5):
        demo.step()
        check_frame(demo.frame())


def test_blow_up_is_reported_and_reset_recovers() -> None:
    frame = headless.run("minibatch", {"mode": "batch size", "batch": 1, "lr": 1.0}, steps=400)
    assert frame.status == "diverged"
    assert frame.message.startswith("diverged at step")
    check_frame(frame)
    assert headless.run("minibatch", {"mode": "batch size"}, steps=5).status == "running"


def test_frame_does_not_change_state() -> None:
    demo = headless.start("minibatch", NOISE, seed=2)
    for _ in range(10):
        demo.step()
    assert demo.frame() == demo.frame()
