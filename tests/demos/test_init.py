"""The init demo: the textbook fates of activations through 50 random layers, and training."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from demos import get_topic, headless
from demos.base import Frame
from demos.init import InitDemo
from demos.lessons.init import MAX_DRAWS, Config, Deep, Init, weight_std
from demos.lessons.init_training import Trainer

TOPIC = get_topic("init")


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Like the engine: one torch thread (faster on these small ops, kinder to a shared box)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def drawn(draws: int, seed: int = 0, **values: object) -> Init:
    """A run stepped until it has drawn `draws` networks (training steps run in between)."""
    demo = headless.start("init", values, seed)
    assert isinstance(demo, InitDemo)
    while len(demo.run.draws) < draws:
        assert demo.step()
    return demo.run


def final_median(demo: Init) -> float:
    return float(demo.spread()[0][-1])


def all_finite(frame: Frame) -> bool:
    numbers = [v for plot in frame.plots for s in plot.series for v in (*s.y, *(s.x or ()))]
    return all(isinstance(v, float) and math.isfinite(v) for v in numbers)


def test_scheme_stds() -> None:
    assert weight_std("normal", 1.0) == 1.0
    assert weight_std("small", 1.0) == 0.01
    assert weight_std("xavier", 1.0) == pytest.approx(0.1)
    assert weight_std("kaiming", 2.0) == pytest.approx(2 * math.sqrt(0.02))


def test_normal_without_activation_overflows_to_inf_within_50_layers() -> None:
    demo = drawn(6, scheme="normal", activation="none")
    assert all(d.first_bad is not None and d.first_bad <= 50 for d in demo.draws)
    assert all(d.first_zero is None for d in demo.draws)
    assert final_median(demo) == math.inf
    readouts = dict(
        headless.run("init", {"scheme": "normal", "activation": "none"}, 0, 12).readouts
    )
    assert int(readouts["first inf/nan layer"]) <= 50 and readouts["final std (median)"] == "inf"


@pytest.mark.parametrize("activation", ["none", "relu"])
def test_times_001_underflows_to_exactly_zero(activation: str) -> None:
    demo = drawn(6, scheme="small", activation=activation)
    assert all(d.first_zero is not None and d.first_zero <= 50 for d in demo.draws)
    assert all(d.first_bad is None for d in demo.draws)
    assert final_median(demo) == 0.0


def test_xavier_without_activation_stays_order_one() -> None:
    demo = drawn(10, scheme="xavier", activation="none")
    median = demo.spread()[0]
    assert 0.3 < final_median(demo) < 3
    assert bool(((median > 0.2) & (median < 5)).all())  # every layer, not just the last


def test_xavier_with_relu_fades_to_order_1e_minus_8() -> None:
    demo = drawn(10, scheme="xavier", activation="relu")
    assert 1e-9 < final_median(demo) < 1e-7
    # ReLU halves the variance each layer: about 2 ** -25 after 50 layers
    assert final_median(demo) == pytest.approx(2**-25, rel=0.9)


def test_kaiming_with_relu_stays_order_one_tenth_to_one() -> None:
    demo = drawn(10, scheme="kaiming", activation="relu")
    median, low, high = demo.spread()
    assert 0.1 < final_median(demo) < 1.0
    assert bool((median[1:] > 0.1).all() and (median[1:] < 1.5).all())
    assert bool((low > 0).all() and torch.isfinite(high).all())


def train(scheme: str, steps: int, multiplier: float = 1.0, relu: bool = True) -> Trainer:
    generator = torch.Generator().manual_seed(1)
    config = Config(scheme, "relu" if relu else "none", 50, multiplier)
    net = Deep(config)
    net.redraw(config, generator)
    trainer = Trainer(net, generator)
    for _ in range(steps):
        if trainer.finished:
            break
        trainer.step()
    return trainer


def test_deep_relu_net_halves_its_loss_only_at_a_sane_scale() -> None:
    kaiming = train("kaiming", 60)
    assert kaiming.halved_at is not None and kaiming.halved_at <= 50
    # Xavier + ReLU: outputs ~1e-8, so after as many steps the loss has not moved
    xavier = train("xavier", 60)
    assert xavier.halved_at is None and xavier.losses[-1] > 0.99 * xavier.losses[0]
    small = train("small", 20)  # all activations exactly 0: no gradient at all
    assert small.halved_at is None and small.losses[-1] == small.losses[0]
    normal = train("normal", 5)  # the forward pass is already nan
    assert normal.broke_at == 0 and normal.verdict().startswith("never")
    too_big = train("kaiming", 20, multiplier=2.0)  # outputs ~1e7: the loss explodes
    assert too_big.halved_at is None and not too_big.losses[-1] < too_big.losses[0]
    linear = train("xavier", 60, relu=False)  # Xavier is the right scale without ReLU
    assert linear.halved_at is not None and linear.halved_at <= 50


def test_demo_reports_halving_steps_and_finishes() -> None:
    demo = headless.start("init", {"layers": 3, "scheme": "kaiming"}, seed=2)
    assert isinstance(demo, InitDemo)
    steps = 0
    while demo.step():
        steps += 1
        assert steps < 1000
    frame = demo.frame()
    assert frame.status == "done" and len(demo.run.draws) == MAX_DRAWS
    assert dict(frame.readouts)["steps to halve loss"] == str(demo.run.trainer.halved_at)
    assert not demo.step()


def test_same_seed_same_numbers() -> None:
    a, b = drawn(3, seed=5), drawn(3, seed=5)
    assert torch.equal(a.spread()[0], b.spread()[0]) and a.trainer.losses == b.trainer.losses


def test_frame_at_defaults_is_plain_finite_data() -> None:
    demo = headless.start("init", {}, 0)
    for _ in range(8):
        demo.step()
    frame = demo.frame()
    assert frame == demo.frame()  # frame() does not change state
    assert frame.status == "running" and all_finite(frame)
    assert 3 <= len(frame.readouts) <= 7 and all(len(k) <= 24 for k, _ in frame.readouts)
    stds = frame.plots[0]
    assert stds.ylog and all(y > 0 for s in stds.series for y in s.y)
    assert len(stds.series[0].y) == 51  # the input and 50 layers
    assert len(frame.message) <= 100


def bound_values() -> list[dict[str, object]]:
    combos = itertools.product(
        TOPIC.param("scheme").choices,
        TOPIC.param("activation").choices,
        (TOPIC.param("layers").lo, TOPIC.param("layers").hi),
        (TOPIC.param("multiplier").lo, TOPIC.param("multiplier").hi),
    )
    keys = ("scheme", "activation", "layers", "multiplier")
    return [dict(zip(keys, combo, strict=True)) for combo in combos]


@pytest.mark.parametrize("values", bound_values(), ids=str)
def test_every_bound_steps_without_error(values: dict[str, object]) -> None:
    demo = headless.start("init", values, seed=1)
    for _ in range(3):
        demo.step()
    frame = demo.frame()
    assert frame.status == "running" and all_finite(frame)
    assert len(frame.message) <= 100
