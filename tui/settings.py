"""Parameter values on the command line: `--set NAME=VALUE` in, a shareable command out.

`parse_sets` reads what `share_command` writes, exactly, so the one-line command the panel shows
reopens a question with the same parameters and seed. No Textual and no torch here.
"""

from __future__ import annotations

import argparse
import math
import random
import shlex
from collections.abc import Iterable, Mapping
from typing import NoReturn, TypeGuard

from demos.base import Param, Topic, Value

__all__ = [
    "SEED_RANGE",
    "UsageError",
    "format_value",
    "new_seed",
    "parse_sets",
    "seed_ok",
    "share_command",
]

# One range for every seed: the command line, `qa-tui run`, the reopen line, the state file and
# the `n` key. Every demo accepts it (NumPy's generators take no negative seed, and some demos
# derive seeds like seed * 100_003 + step, which must stay inside a 64-bit integer).
SEED_RANGE = (0, 2**32 - 1)
SEED_TEXT = "from 0 to 4294967295"


def seed_ok(seed: object) -> TypeGuard[int]:
    return (
        isinstance(seed, int)
        and not isinstance(seed, bool)
        and SEED_RANGE[0] <= seed <= SEED_RANGE[1]
    )


def new_seed() -> int:
    """A fresh seed for the `n` key: inside SEED_RANGE, short enough to read and retype."""
    return random.randrange(1, 100_000)


class UsageError(ValueError):
    """Bad command-line input; its message is one line naming the problem and the choices."""


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser whose bad input raises UsageError (one line, no usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def integer(flag: str, text: str, lo: int, hi: int, allowed: str = "") -> int:
    """`text` as an integer from `lo` to `hi`; UsageError naming `flag` and what is allowed."""
    allowed = allowed or f"from {lo} to {hi}"
    try:
        number = int(text.strip())
    except ValueError:
        raise UsageError(f"{flag} must be an integer {allowed}, not {text!r}") from None
    if not lo <= number <= hi:
        raise UsageError(f"{flag} must be an integer {allowed}, not {number}")
    return number


def parse_sets(topic: Topic, items: Iterable[str]) -> dict[str, Value]:
    """`["lr=0.5", "loss=squared"]` as values of `topic`; later items win over earlier ones."""
    names = ", ".join(p.name for p in topic.params) or "none"
    values: dict[str, Value] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise UsageError(
                f"--set expects NAME=VALUE, got {item!r} (parameters of {topic.slug}: {names})"
            )
        try:
            param = topic.param(name)
        except KeyError:
            raise UsageError(
                f"unknown parameter {name!r} for {topic.slug} (choose from {names})"
            ) from None
        try:
            values[name] = param.parse(text)
        except ValueError as error:
            raise UsageError(str(error)) from None
    return values


def format_value(param: Param, value: Value) -> str:
    """The value as text that `Param.parse` turns back into exactly the same value."""
    if param.scale == "bool":
        return "on" if value else "off"
    if param.scale == "choice":
        return str(value)
    if param.scale == "int":
        return str(int(value))
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))  # "8", not "8.0"
    return repr(number)  # the shortest text that round-trips: "0.3", "1e-05"


def share_command(topic: Topic, values: Mapping[str, Value], seed: int) -> str:
    """`qa-tui --topic SLUG --seed S --set name=value ...`: only values that differ from the
    defaults (including those of modes not shown now), shell-quoted where needed."""
    words = ["qa-tui", "--topic", topic.slug, "--seed", str(int(seed))]
    for param in topic.params:
        if param.name not in values:
            continue
        value = _clamped(param, values[param.name])
        if value is None or value == param.clamp(param.default):
            continue
        words += ["--set", f"{param.name}={format_value(param, value)}"]
    return shlex.join(words)


def _clamped(param: Param, value: Value) -> Value | None:
    """`param.clamp(value)`, or None for a value of the wrong kind (it is left out)."""
    if param.scale not in ("choice", "bool"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if not math.isfinite(value):
            return None
    try:
        return param.clamp(value)
    except (TypeError, ValueError):
        return None
