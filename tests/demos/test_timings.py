"""Honest timings: both libraries timed the same way, on the same threads, in both orders."""

from __future__ import annotations

import statistics

import numpy as np
import torch

from demos.headless import start
from demos.numpy_bridge import blas_threads, operands, operations, time_pair


def ratios(numpy_first: bool, rounds: int = 5) -> float:
    """Median over rounds of NumPy's median time over torch's, elementwise at n = 262144."""
    a, b, _ = operands("elementwise", 262144, np.float64, 0)
    numpy_fn, torch_fn = operations("elementwise", a, b)
    found = []
    for _ in range(rounds):
        numpy_times, torch_times = time_pair(numpy_fn, torch_fn, numpy_first)
        found.append(statistics.median(numpy_times) / statistics.median(torch_times))
    return statistics.median(found)


def test_swapping_the_order_changes_the_ratio_by_less_than_a_quarter() -> None:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)  # as the compute process runs
    try:
        numpy_first = ratios(True)
        torch_first = ratios(False)
        if abs(numpy_first / torch_first - 1) >= 0.25:  # a shared CPU: measure once more
            numpy_first, torch_first = ratios(True), ratios(False)
    finally:
        torch.set_num_threads(previous)
    assert abs(numpy_first / torch_first - 1) < 0.25, (numpy_first, torch_first)


def test_numpy_blas_is_capped_to_torchs_threads_and_shown() -> None:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        assert blas_threads() in ("1", "?")
        demo = start("numpy", {"mode": "speed", "n": 4096})
        demo.step()
        assert dict(demo.frame().readouts)["threads np / torch"] in ("1 / 1", "? / 1")
    finally:
        torch.set_num_threads(previous)


def test_both_libraries_compute_the_same_thing_into_their_outputs() -> None:
    for op in ("elementwise", "matmul", "reduction"):
        a, b, _ = operands(op, 4096, np.float64, 0)
        numpy_fn, torch_fn = operations(op, a, b)
        expected = {"elementwise": a * b + 1, "matmul": a @ b, "reduction": a.sum()}[op]
        np.testing.assert_allclose(np.asarray(numpy_fn()), expected)
        np.testing.assert_allclose(torch_fn().numpy(), expected)


def test_speed_mode_times_each_size_in_both_orders() -> None:
    calls: list[bool] = []
    import demos.numpy_bridge as bridge

    original = bridge.time_pair
    try:
        bridge.time_pair = lambda n, t, first: (calls.append(first), original(n, t, first))[1]
        demo = start("numpy", {"mode": "speed", "n": 4096, "op": "reduction"})
        while demo.step():
            pass
    finally:
        bridge.time_pair = original
    sizes = len(demo.samples)
    assert len(calls) == sizes * 6
    for k in range(sizes):  # each size: NumPy first in some passes, torch first in others
        assert set(calls[k::sizes]) == {True, False}


def test_deeper_alternates_which_net_steps_first() -> None:
    demo = start("deeper", {"depth": 2, "width": 4})
    order: list[str] = []
    for run, name in ((demo.plain, "plain"), (demo.resnet, "residual")):
        step = run.train_step
        run.train_step = lambda x, y, step=step, name=name: (order.append(name), step(x, y))[1]
    for _ in range(4):
        demo.step()
    assert order == ["plain", "residual", "residual", "plain"] * 2


def test_autodiff_times_forward_mode_first_in_odd_rounds() -> None:
    import demos.autodiff as autodiff

    started: list[tuple[str, int, int]] = []
    original = autodiff.Job

    class Recorded(original):  # type: ignore[misc, valid-type]
        def __init__(self, name: str, size: int, way: int, *rest: object) -> None:
            started.append((name, size, way))
            super().__init__(name, size, way, *rest)

    autodiff.Job = Recorded  # type: ignore[misc]
    try:
        demo = start("autodiff", {"mode": "forward vs reverse", "size": 8})
        while demo.step():
            pass
    finally:
        autodiff.Job = original  # type: ignore[misc]
    jobs = len(demo.jobs)
    assert len(started) == jobs * autodiff.ROUNDS
    for round_index in range(autodiff.ROUNDS):
        ways = [way for _, _, way in started[round_index * jobs : (round_index + 1) * jobs]]
        assert ways[0::2] == [round_index % 2] * (jobs // 2)  # the first of each pair
    assert all(len(r) == len(f) == autodiff.ROUNDS for r, f in demo.times.values())
