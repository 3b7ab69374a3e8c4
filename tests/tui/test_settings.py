"""`--set NAME=VALUE` parsing and the shareable one-line command that reads back exactly."""

from __future__ import annotations

import math
import shlex
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from demos import TOPICS, get_topic
from demos.base import Param, Topic
from tui.settings import UsageError, format_value, parse_sets, share_command

GRADIENT = get_topic("gradient")


def test_modules_import_neither_textual_nor_torch() -> None:
    code = (
        "import sys\n"
        "import tui.settings, tui.state, tui.export, tui.headless_cli\n"
        "print(','.join(m for m in ('textual', 'torch', 'plotext') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_parse_sets_reads_each_kind_of_parameter() -> None:
    assert parse_sets(GRADIENT, ["lr=0.5", "loss=squared", "param=-2.25"]) == {
        "lr": 0.5,
        "loss": "squared",
        "param": -2.25,
    }
    padding = get_topic("padding")
    values = parse_sets(padding, ["empty=on", "rows=3", "mode=attention"])
    assert values == {"empty": True, "rows": 3, "mode": "attention"}
    assert isinstance(values["rows"], int)
    assert parse_sets(padding, ["empty=off"]) == {"empty": False}
    numpy = get_topic("numpy")
    assert parse_sets(numpy, ["bridge=tensor (copy)"]) == {"bridge": "tensor (copy)"}


def test_parse_sets_later_items_win_and_empty_list_is_empty() -> None:
    assert parse_sets(GRADIENT, ["lr=0.5", "lr=1"]) == {"lr": 1.0}
    assert parse_sets(GRADIENT, []) == {}


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("lr0.5", ["NAME=VALUE", "'lr0.5'", "param, x, target, loss, lr"]),
        ("=3", ["NAME=VALUE", "param, x, target, loss, lr"]),
        ("speed=3", ["unknown parameter 'speed'", "gradient", "param, x, target, loss, lr"]),
        ("lr=fast", ["lr must be a number", "0.001 to 4"]),
        ("lr=nan", ["lr must be a finite number", "0.001 to 4"]),
        ("lr=9", ["lr=9 is out of range", "0.001 to 4"]),
        ("lr=", ["lr must be a number"]),
        ("loss=cubic", ["loss must be one of absolute, squared"]),
    ],
)
def test_parse_sets_names_the_problem_and_the_choices(item: str, words: list[str]) -> None:
    with pytest.raises(UsageError) as caught:
        parse_sets(GRADIENT, [item])
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message
    assert isinstance(caught.value, ValueError)


def test_parse_sets_bool_error() -> None:
    with pytest.raises(UsageError, match="empty must be true or false"):
        parse_sets(get_topic("padding"), ["empty=maybe"])


def test_share_command_at_defaults_names_only_topic_and_seed() -> None:
    assert share_command(GRADIENT, GRADIENT.defaults(), 0) == "qa-tui --topic gradient --seed 0"


def test_share_command_lists_changed_values_and_quotes_spaces() -> None:
    command = share_command(GRADIENT, GRADIENT.defaults() | {"lr": 0.6, "loss": "squared"}, 7)
    assert command == "qa-tui --topic gradient --seed 7 --set loss=squared --set lr=0.6"
    numpy = get_topic("numpy")
    command = share_command(numpy, numpy.defaults() | {"bridge": "tensor (copy)", "n": 64}, 3)
    assert "'bridge=tensor (copy)'" in command
    assert "--set n=64" in command  # a whole number, not 64.0 or 6.4e+01
    assert shlex.split(command)[-3:] == ["bridge=tensor (copy)", "--set", "n=64"]


def test_share_command_leaves_out_values_of_the_wrong_kind() -> None:
    values = GRADIENT.defaults() | {"lr": "fast", "x": float("nan"), "param": True}
    assert share_command(GRADIENT, values, 1) == "qa-tui --topic gradient --seed 1"


def test_format_value_is_exact_and_short() -> None:
    lr = GRADIENT.param("lr")
    assert format_value(lr, 0.3 * 2**5) == repr(0.3 * 2**5)
    assert format_value(lr, 1e-3) == "0.001"
    assert format_value(get_topic("deeper").param("lr"), 1e-5) == "1e-05"
    assert format_value(get_topic("padding").param("empty"), True) == "on"


def read_back(topic: Topic, command: str) -> tuple[str, int, dict]:
    words = shlex.split(command)
    assert words[:2] == ["qa-tui", "--topic"]
    slug, seed = words[2], int(words[4])
    assert words[3] == "--seed"
    sets = words[5:]
    assert sets[::2] == ["--set"] * (len(sets) // 2)
    return slug, seed, topic.defaults() | parse_sets(topic, sets[1::2])


def value_strategy(param: Param) -> st.SearchStrategy:
    if param.scale == "bool":
        return st.booleans()
    if param.scale == "choice":
        return st.sampled_from(param.choices)
    assert param.lo is not None and param.hi is not None
    if param.scale == "int":
        return st.integers(int(param.lo), int(param.hi))
    if param.scale == "log":
        lo, hi = math.log(param.lo), math.log(param.hi)
        exact = st.floats(lo, hi).map(lambda e: min(param.hi, max(param.lo, math.exp(e))))
        return st.one_of(exact, st.just(param.default), st.just(param.lo), st.just(param.hi))
    return st.one_of(st.floats(param.lo, param.hi), st.just(param.default))


@st.composite
def topic_values(draw: st.DrawFn) -> tuple[Topic, dict, int]:
    topic = draw(st.sampled_from([t for t in TOPICS if t.params]))
    values = {p.name: draw(value_strategy(p)) for p in topic.params}
    seed = draw(st.integers(-(2**63), 2**64 - 1))
    return topic, values, seed


@settings(max_examples=300, deadline=None)
@given(topic_values())
def test_share_command_round_trips_through_parse_sets(case: tuple[Topic, dict, int]) -> None:
    topic, values, seed = case
    command = share_command(topic, values, seed)
    assert "\n" not in command
    slug, read_seed, read = read_back(topic, command)
    assert (slug, read_seed) == (topic.slug, seed)
    expected = {p.name: p.clamp(values[p.name]) for p in topic.params}
    assert read == expected


def test_share_command_round_trips_after_key_presses() -> None:
    """Values the panel produces: defaults nudged left and right, up to the bounds."""
    for topic in TOPICS:
        for direction in (1, -1):
            values = topic.defaults()
            for _ in range(40):
                values = {p.name: p.nudge(values[p.name], direction) for p in topic.params}
                _, _, read = read_back(topic, share_command(topic, values, 5))
                assert read == values, topic.slug
