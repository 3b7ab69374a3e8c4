"""The padding demo: masked means are exact, naive means are off, masked softmax ignores pads."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from demos import get_topic, headless
from demos.base import Frame
from demos.lessons.padding_attention import attention_weights
from demos.lessons.padding_means import masked_mean, pad_rows, sample_rows


def naive_mean(padded: torch.Tensor) -> torch.Tensor:
    return padded.mean(dim=1)  # what the lesson's naive mean is: the pads count as data


torch.set_num_threads(1)
TOPIC = get_topic("padding")


def readout(frame: Frame, label: str) -> str:
    return dict(frame.readouts)[label]


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.integers(0, 20), min_size=1, max_size=8),
    pad=st.floats(-10, 10),
    seed=st.integers(0, 10_000),
)
def test_masked_mean_equals_the_true_mean_for_any_lengths(
    lengths: list[int], pad: float, seed: int
) -> None:
    generator = torch.Generator().manual_seed(seed)
    rows = [torch.randn(n, generator=generator, dtype=torch.float64) * 5 for n in lengths]
    padded, mask = pad_rows(rows, max(lengths), pad)
    means, counts = masked_mean(padded, mask), mask.sum(dim=1)
    assert counts.tolist() == lengths
    assert torch.isfinite(means).all()
    for row, mean in zip(rows, means.tolist(), strict=True):
        if len(row):
            assert abs(mean - row.mean().item()) < 1e-6


def test_naive_mean_is_off_by_the_share_of_padding_times_the_gap() -> None:
    """naive = true + (pads / width) * (pad - true): wrong whenever a row is short and
    the pad value is not that row's mean; right when it is."""
    generator = torch.Generator().manual_seed(0)
    rows = sample_rows(8, 10, False, generator)
    for pad in (0.0, -3.0, 7.0):
        padded, _ = pad_rows(rows, 10, pad)
        naive = naive_mean(padded)
        for r, row in enumerate(rows):
            true, share = row.mean().item(), 1 - len(row) / 10
            assert naive[r].item() == pytest.approx(true + share * (pad - true), abs=1e-12)
            if len(row) < 10:
                assert abs(naive[r].item() - true) > 1e-6
    short = rows[0][:3]
    padded, _ = pad_rows([short], 10, short.mean().item())  # pad with the row's own mean
    assert naive_mean(padded).item() == pytest.approx(short.mean().item(), abs=1e-12)


def test_demo_readouts_show_the_naive_error_and_an_exact_masked_mean() -> None:
    frame = headless.run("padding", {"rows": 8, "max_len": 16}, seed=2, steps=3)
    assert float(readout(frame, "max |naive - true|")) > 0.1
    assert float(readout(frame, "max |masked - true|")) < 1e-6
    means, _ = frame.plots  # the means chart is the primary one
    true, naive, masked = (s.y for s in means.series)
    assert masked == pytest.approx(true, abs=1e-9)
    assert naive != pytest.approx(true, abs=1e-3)


@pytest.mark.parametrize("pad", [-10.0, 0.0, 10.0])
def test_masked_softmax_puts_exactly_zero_on_pads_and_rows_sum_to_one(pad: float) -> None:
    generator = torch.Generator().manual_seed(1)
    padded, mask = pad_rows(sample_rows(6, 12, False, generator), 12, pad)
    weights = attention_weights(padded, mask)
    assert (weights[~mask] == 0).all()
    assert torch.allclose(weights.sum(dim=1), torch.ones(6, dtype=torch.float64), atol=1e-12)
    leaked = attention_weights(padded)[~mask]
    assert (leaked > 0).all()  # without the mask every pad gets some weight


def test_attention_frame_reports_the_leak() -> None:
    frame = headless.run("padding", {"mode": "attention", "pad": 2.0}, seed=0, steps=2)
    assert float(readout(frame, "pad weight, no mask")) > 0.05
    assert readout(frame, "pad weight, masked") == "0"
    assert float(readout(frame, "max |row sum - 1|")) < 1e-12


@pytest.mark.parametrize("mode", ["means", "attention"])
def test_an_all_padding_row_is_named_not_nan(mode: str) -> None:
    frame = headless.run("padding", {"mode": mode, "empty": True}, seed=4, steps=2)
    empty = readout(frame, "empty rows")
    assert empty.startswith("row ") and ("no elements" in empty or "no keys" in empty)
    assert all("nan" not in value for _, value in frame.readouts)
    assert_finite(frame)
    lone = headless.run("padding", {"mode": mode, "empty": True, "rows": 1}, steps=2)
    assert readout(lone, "empty rows") in ("row 0: no elements", "row 0: no keys, weights 0")
    assert_finite(lone)
    padded, mask = pad_rows([torch.zeros(0, dtype=torch.float64)], 5, 0.0)
    assert torch.isfinite(attention_weights(padded, mask)).all()
    assert torch.isfinite(masked_mean(padded, mask)).all()


def assert_finite(frame: Frame) -> None:
    assert frame.status in ("running", "done")
    for plot in frame.plots:
        for series in plot.series:
            assert all(isinstance(v, float) and math.isfinite(v) for v in series.y)
        for row in plot.image or ():
            assert len(row) <= 96 and all(math.isfinite(v) for v in row)
    assert 3 <= len(frame.readouts) <= 7
    assert all(len(label) <= 24 for label, _ in frame.readouts)


def bound_values() -> list[dict[str, object]]:
    cases = []
    for param in TOPIC.params:
        if param.scale == "choice":
            options: tuple[object, ...] = param.choices
        elif param.scale == "bool":
            options = (False, True)
        else:
            options = (param.lo, param.hi)
        for mode in param.modes or ("means", "attention"):
            cases += [{"mode": mode, "empty": True, param.name: value} for value in options]
    return cases


@pytest.mark.parametrize("values", bound_values(), ids=str)
def test_every_bound_runs_with_finite_frames(values: dict[str, object]) -> None:
    demo = headless.start("padding", values, seed=5)
    for _ in range(3):
        demo.step()
    assert_finite(demo.frame())


def test_it_finishes() -> None:
    frame = headless.run("padding", steps=100)
    assert frame.status == "done" and frame.step == 29
