"""The demo contract: registry, parameters, purity of `demos`, and the engine protocol."""

from __future__ import annotations

import math
import pkgutil
import subprocess
import sys
import time
from typing import Any

import pytest

import demos
from demos import SLUGS, TOPICS, headless
from demos.base import Param
from demos.engine import Engine
from demos.wire import DemoError, Fps, Load, NewFrame, Pause, Quit, Stats, Step

SOURCE_ORDER = (  # the week 5 Q&A's questions, in its order; more may follow them
    "gradient",
    "images",
    "numpy",
    "deeper",
    "init",
    "minibatch",
    "padding",
    "nonlinearity",
    "autodiff",
    "sgd",
)


def test_registry_starts_with_the_source_questions_in_order() -> None:
    assert SLUGS[: len(SOURCE_ORDER)] == SOURCE_ORDER
    assert len(set(SLUGS)) == len(SLUGS)


def test_importing_every_demos_module_loads_no_ui_library() -> None:
    names = [m.name for m in pkgutil.walk_packages(demos.__path__, "demos.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in ('textual', 'rich', 'plotext', 'tui') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_registry_imports_no_torch() -> None:
    code = "import demos, sys; print('torch' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


LOG = Param("lr", "lr", 0.1, 0.001, 1.0, scale="log")
LIN = Param("x", "x", 0.0, -1.0, 1.0, step=0.25)
INT = Param("n", "n", 3, 1, 5, scale="int")
CHOICE = Param("kind", "kind", "a", scale="choice", choices=("a", "b", "c"))


def test_params_step_the_way_their_scale_says() -> None:
    assert LOG.nudge(0.1, 1) == pytest.approx(0.2)
    assert LOG.nudge(0.1, -1) == pytest.approx(0.05)
    assert LIN.nudge(0.0, 1) == 0.25
    assert INT.nudge(3, -1) == 2
    assert CHOICE.nudge("c", 1) == "a" and CHOICE.nudge("a", -1) == "c"
    assert Param("b", "b", True, scale="bool").nudge(True, 1) is False


def test_params_clamp_at_their_bounds() -> None:
    assert LOG.nudge(0.8, 1) == 1.0 and LOG.at_bound(1.0)
    assert LIN.nudge(-1.0, -1) == -1.0
    assert INT.clamp(99) == 5 and INT.clamp(-3) == 1
    assert LIN.clamp(math.nan) == 0.0
    assert CHOICE.clamp("zzz") == "a"


def test_params_parse_command_line_values_with_clear_errors() -> None:
    assert LOG.parse("0.5") == 0.5
    with pytest.raises(ValueError, match="out of range"):
        LOG.parse("5")
    with pytest.raises(ValueError, match="must be a number"):
        LOG.parse("fast")
    with pytest.raises(ValueError, match="one of a, b, c"):
        CHOICE.parse("d")


def test_every_topic_param_default_is_within_its_bounds() -> None:
    for topic in TOPICS:
        for param in topic.params:
            assert param.clamp(param.default) == param.default, (topic.slug, param.name)


class Collector:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    def __call__(self, message: Any) -> None:
        self.messages.append(message)

    def of(self, kind: type) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


def test_engine_loads_steps_pauses_and_reports_errors() -> None:
    out = Collector()
    engine = Engine(out)
    engine.handle(Pause(True))
    engine.handle(Load(7, "gradient", {"lr": 0.3}, 0))
    (first,) = out.of(NewFrame)
    assert first.gen == 7 and first.frame.step == 0
    engine.handle(Step())
    assert out.of(NewFrame)[-1].frame.step == 1
    engine.handle(Load(8, "no-such-topic", {}, 0))
    assert out.of(DemoError)[-1].gen == 8
    engine.handle(Load(9, "gradient", {"lr": 99.0}, 0))  # clamped, not an error
    assert out.of(NewFrame)[-1].gen == 9


def test_engine_hands_the_last_demos_memory_back_after_each_load() -> None:
    out = Collector()
    engine = Engine(out)
    trims: list[object] = []
    engine.trim = lambda: trims.append(engine.demo)
    engine.handle(Pause(True))
    engine.handle(Load(1, "gradient", {}, 0))
    engine.handle(Load(2, "deeper", {}, 0))
    assert [type(demo).__name__ for demo in trims] == ["GradientDemo", "DeeperDemo"]
    # A failed load trims nothing (the next load does).
    engine.handle(Load(3, "no-such-topic", {}, 0))
    assert len(trims) == 2


def test_engine_sends_frames_no_faster_than_asked() -> None:
    out = Collector()
    engine = Engine(out)
    engine.handle(Fps(5))
    engine.handle(Load(1, "gradient", {}, 0))  # paced: ~8 steps a second
    import threading

    thread = threading.Thread(target=engine.run, daemon=True)
    started = time.perf_counter()
    thread.start()
    time.sleep(1.5)
    engine.commands.put(Quit())
    thread.join(2)
    elapsed = time.perf_counter() - started
    frames = out.of(NewFrame)
    assert len(frames) <= 5 * elapsed + 2
    assert frames[-1].frame.step >= 5  # it kept working between frames


def test_headless_run_is_deterministic_for_a_seed() -> None:
    a = headless.run("nonlinearity", seed=3, steps=20)
    b = headless.run("nonlinearity", seed=3, steps=20)
    assert a.readouts == b.readouts


def test_every_demo_frame_is_plain_data_the_ui_can_read_without_torch() -> None:
    from demos import wire

    for topic in TOPICS:
        for mode in topic.param("mode").choices if "mode" in topic.defaults() else (None,):
            values = {"mode": mode} if mode else {}
            demo = headless.start(topic.slug, values, seed=0)
            for _ in range(3):
                demo.step()
            message = NewFrame(1, demo.frame(), Stats(1.0))
            body = wire.pack(message)[wire.HEADER.size :]
            assert wire.check(wire.loads(body), wire.REPLIES) == message, (topic.slug, mode)


def test_the_engine_says_ready_in_plain_words() -> None:
    from demos import wire

    with pytest.raises(Exception, match="plain data"):
        import torch

        wire.loads(wire.pack(torch.__version__)[wire.HEADER.size :])


def test_every_demo_shows_the_same_number_of_charts_from_its_first_frame() -> None:
    """A chart that appears at step 1 would re-lay the grid out after every restart (a key)."""
    for topic in TOPICS:
        if not topic.demo:
            continue
        demo = headless.start(topic.slug, {}, 0)
        counts = {len(demo.frame().plots)}
        for _ in range(5):
            demo.step()
            counts.add(len(demo.frame().plots))
        assert len(counts) == 1, (topic.slug, counts)


def test_ratios_read_as_plain_multiples() -> None:
    from demos.base import times

    assert [times(r) for r in (2.44, 9.96, 36.2, 2730.4, 190.0)] == [
        "2.4x",
        "10x",
        "36x",
        "2730x",
        "190x",
    ]
    assert times(float("inf")) == "inf"
