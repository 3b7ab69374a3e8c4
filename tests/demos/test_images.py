"""The images demo: k-space, sinogram and neural field, checked against the claims of the answer."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import pairwise

import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.lessons.images_ct_sinogram import Scan, best_scale_error
from demos.lessons.images_mri_k_space import SWEEP as MRI_SWEEP
from demos.lessons.images_mri_k_space import kspace_mask
from demos.lessons.images_mri_k_space import reconstruct as mri_reconstruct
from demos.lessons.images_neural_field import fourier_features, pixel_coords
from demos.phantom import head_phantom

TOPIC = get_topic("images")
MODES = TOPIC.param("mode").choices


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """As in the engine: one torch thread (tiny ops run faster, and CI shares its cores)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def floats(frame: Frame) -> list[float]:
    values = [float(v) for plot in frame.plots for series in plot.series for v in series.y]
    values += [float(v) for plot in frame.plots for series in plot.series for v in series.x or ()]
    values += [float(v) for plot in frame.plots for row in plot.image or () for v in row]
    return values


def assert_sane(frame: Frame) -> None:
    assert 1 <= len(frame.plots) <= 3 and 3 <= len(frame.readouts) <= 7
    assert len(frame.message) <= 100
    assert all(len(label) <= 24 for label, _ in frame.readouts)
    for plot in frame.plots:
        assert all(len(series.y) <= 400 for series in plot.series)
        if plot.image is not None:
            assert len(plot.image) <= 96 and all(len(row) <= 96 for row in plot.image)
            assert all(type(v) is float for row in plot.image for v in row)
    if frame.status != "diverged":
        assert all(math.isfinite(v) for v in floats(frame))


def test_phantom_is_a_head_in_the_unit_disc() -> None:
    image = head_phantom(64)
    assert image.shape == (64, 64)
    assert image.min() >= 0 and 0.9 < image.max() <= 1.0
    centres = (torch.arange(64) + 0.5) / 32 - 1
    outside = centres[:, None] ** 2 + centres[None, :] ** 2 > 1
    assert image[outside].abs().max() == 0


def test_full_kspace_reconstructs_the_image() -> None:
    demo = headless.start("images", {"mode": "MRI k-space", "keep": 100.0})
    assert demo.run.kept == 64 * 64  # type: ignore[attr-defined]
    assert demo.run.max_error < 1e-5  # type: ignore[attr-defined]
    truth = head_phantom(64)
    recon = mri_reconstruct(torch.fft.fft2(truth), kspace_mask(64, 100.0))
    assert (recon - truth).abs().max().item() < 1e-5


def test_mri_error_falls_as_more_kspace_is_kept() -> None:
    frame = headless.run("images", {"mode": "MRI k-space"}, steps=len(MRI_SWEEP) + 5)
    assert frame.status == "done"
    errors = frame.plots[2].series[0].y
    assert len(errors) == len(MRI_SWEEP)
    # nested masks and Parseval: each kept coefficient removes its own share of the error
    assert all(later <= earlier + 1e-12 for earlier, later in pairwise(errors))
    assert errors[0] > 0.5 and errors[-1] < 1e-12
    kept = [kspace_mask(64, p).float().mean().item() for p in (1.0, 8.0, 50.0)]
    assert kept[0] >= 0.01 and kept[0] < kept[1] < kept[2]


def test_kspace_mask_keeps_the_inverse_real() -> None:
    mask = kspace_mask(64, 8.0)
    flipped = torch.roll(mask.flip(0, 1), shifts=(1, 1), dims=(0, 1))  # k -> -k on the FFT grid
    assert torch.equal(mask, flipped)


def ct_errors(n: int) -> tuple[float, float]:
    truth = head_phantom(64).float()
    scan = Scan(truth, n)
    scan.acquire(n)
    return tuple(best_scale_error(scan.reconstruction(f), truth) for f in (False, True))


def test_filtered_backprojection_beats_fewer_angles_and_no_filter() -> None:
    plain_180, filtered_180 = ct_errors(180)
    _, filtered_8 = ct_errors(8)
    assert filtered_180 < 0.3
    assert filtered_180 < 0.5 * filtered_8
    assert filtered_180 < 0.5 * plain_180


def test_ct_demo_scans_live_then_sweeps_n() -> None:
    demo = headless.start("images", {"mode": "CT sinogram", "angles": 180})
    demo.step()
    first = demo.frame()
    assert first.readouts[0] == ("angles taken", "2 of 180")
    steps = 1
    while demo.step():
        steps += 1
    frame = demo.frame()
    assert frame.status == "done" and steps < 150
    plain, filtered, now = frame.plots[2].series
    assert plain.x == filtered.x and plain.x[-1] == 180.0 and now.x == (180.0,)
    assert filtered.y[-1] == pytest.approx(now.y[0], rel=1e-3)
    assert all(f < p for f, p, n in zip(filtered.y, plain.y, plain.x, strict=True) if n >= 16)


def test_fourier_features_reach_lower_loss_than_raw_coordinates() -> None:
    values = {"mode": "neural field", "width": 32, "lr": 0.01}
    raw = headless.run("images", values | {"frequencies": 0}, seed=0, steps=50)
    fourier = headless.run("images", values | {"frequencies": 4}, seed=0, steps=50)
    assert raw.readouts[0] == fourier.readouts[0] == ("Adam steps", "100")
    raw_loss, fourier_loss = float(raw.readouts[1][1]), float(fourier.readouts[1][1])
    assert fourier_loss < 0.3 * raw_loss  # measured: 0.0041 against 0.026


def test_fourier_features_shape() -> None:
    coords = pixel_coords(4)
    assert coords[0].tolist() == [-0.75, 0.75]  # top-left pixel centre
    assert fourier_features(coords, 0).shape == (16, 2)
    assert fourier_features(coords, 3).shape == (16, 2 + 4 * 3)


def test_neural_field_is_seeded_and_reports_divergence() -> None:
    values = {"mode": "neural field", "width": 16}
    assert headless.run("images", values, seed=1, steps=3) == headless.run(
        "images", values, seed=1, steps=3
    )
    demo = headless.start("images", values)
    demo.step()
    with torch.no_grad():
        demo.run.model[0].weight.fill_(math.inf)  # type: ignore[attr-defined]
    assert demo.step() is False
    frame = demo.frame()
    assert frame.status == "diverged" and frame.message.startswith("diverged at step 2")
    assert demo.step() is False


@pytest.mark.parametrize("mode", MODES)
def test_every_bound_and_choice_runs(mode: str) -> None:
    cases: list[dict[str, object]] = [{}]
    for param in TOPIC.visible({"mode": mode}):
        if param.name == "mode":
            continue
        if param.scale == "choice":
            cases += [{param.name: choice} for choice in param.choices]
        else:
            cases += [{param.name: param.lo}, {param.name: param.hi}]
    for case in cases:
        demo = headless.start("images", {"mode": mode, **case})
        for _ in range(3):
            demo.step()
        frame = demo.frame()
        assert frame == demo.frame()  # frame() does not change the state
        assert_sane(frame)
