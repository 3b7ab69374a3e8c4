"""The numpy demo: which bridges share memory, dtypes kept, and live timings that make sense."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.lessons.numpy_memory import bridge

torch.set_num_threads(1)  # as the engine runs demos
TOPIC = get_topic("numpy")


def readout(frame: Frame, label: str) -> str:
    return dict(frame.readouts)[label]


def written(frame: Frame) -> tuple[float, float]:
    """array[i] and tensor[i] as drawn (the highlighted bar of each plot)."""
    array_plot, tensor_plot = frame.plots
    return array_plot.series[1].y[0], tensor_plot.series[1].y[0]


@pytest.mark.parametrize(
    ("how", "shared"),
    [("from_numpy", True), ("as_tensor", True), (".numpy()", True), ("tensor (copy)", False)],
)
def test_a_write_through_the_tensor_shows_in_the_array_only_when_shared(
    how: str, shared: bool
) -> None:
    frame = headless.run("numpy", {"bridge": how, "index": 4, "value": -7.0}, seed=1, steps=100)
    assert frame.status == "done"
    array_value, tensor_value = written(frame)
    assert tensor_value == -7.0
    assert (array_value == -7.0) is shared
    assert readout(frame, "shares memory").startswith("yes" if shared else "no")


def test_as_tensor_copies_when_it_must_convert_the_dtype() -> None:
    frame = headless.run("numpy", {"bridge": "as_tensor(float32)", "value": 6.0}, steps=100)
    assert written(frame)[0] != 6.0
    assert readout(frame, "dtype np / torch") == "float64 / float32"
    same = headless.run("numpy", {"bridge": "as_tensor(float32)", "dtype": "float32"}, steps=100)
    assert readout(same, "shares memory").startswith("yes")


@pytest.mark.parametrize("how", ["from_numpy", "as_tensor", "tensor (copy)", ".numpy()"])
def test_float64_is_kept(how: str) -> None:
    array, tensor = bridge(np.linspace(0.0, 1.0, 5), how)
    assert array.dtype == np.float64 and tensor.dtype == torch.float64
    frame = headless.run("numpy", {"bridge": how}, steps=1)
    assert readout(frame, "dtype np / torch") == "float64 / float64"


def test_strides_count_bytes_in_numpy_and_elements_in_torch() -> None:
    frame = headless.run("numpy", {"view": "every 2nd", "value": 2.0}, steps=100)
    assert readout(frame, "strides np (bytes)") == "(16,)"
    assert readout(frame, "strides torch (elems)") == "(2,)"
    assert written(frame) == (2.0, 2.0)


@pytest.mark.parametrize("op", ["elementwise", "matmul", "reduction"])
def test_timings_are_positive_and_finite(op: str) -> None:
    frame = headless.run("numpy", {"mode": "speed", "op": op, "n": 4096}, steps=200)
    assert frame.status == "done"
    times = frame.plots[0]
    assert times.xlog and times.ylog
    assert [s.label for s in times.series] == ["NumPy", "torch"]
    skipped = int(dict(frame.readouts).get("sizes skipped (slow)", "0"))  # only on a busy machine
    for series in times.series:
        assert len(series.y) + skipped == 4  # n = 64, 256, 1024, 4096
        assert all(math.isfinite(t) and t > 0 for t in series.y)
    assert float(readout(frame, "results differ by")) < 1e-12


def bound_values() -> list[dict[str, object]]:
    """Every param at each bound (or choice), in each mode it applies to."""
    cases = []
    for param in TOPIC.params:
        options = param.choices if param.scale == "choice" else (param.lo, param.hi)
        for mode in param.modes or ("memory", "speed"):
            cases += [{"mode": mode, param.name: value} for value in options]
    return cases


@pytest.mark.parametrize("values", bound_values(), ids=str)
def test_every_bound_runs(values: dict[str, object]) -> None:
    demo = headless.start("numpy", values, seed=3)
    for _ in range(3):
        demo.step()
    assert demo.frame().plots


@pytest.mark.parametrize("mode", ["memory", "speed"])
def test_frames_hold_only_finite_floats(mode: str) -> None:
    frame = headless.run("numpy", {"mode": mode, "n": 1024, "dtype": "int64"}, steps=200)
    assert frame.status in ("done", "running")
    for plot in frame.plots:
        for series in plot.series:
            assert len(series.y) <= 400
            assert all(isinstance(v, float) and math.isfinite(v) for v in series.y)
            assert series.x is None or all(math.isfinite(v) for v in series.x)
    assert 3 <= len(frame.readouts) <= 7
    assert all(len(label) <= 24 for label, _ in frame.readouts)
