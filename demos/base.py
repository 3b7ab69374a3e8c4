"""The contract between headless demos and any front end.

A topic is plain data (question, answer, parameters) that imports no torch, so a UI can show it
at once. Its demo is a class that takes parameter values and a seed, does one unit of work per
`step()`, and describes what to draw as a `Frame` of plain Python data: cheap to pickle between
processes, easy to test, and independent of how it is drawn.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Value = float | int | str | bool
Values = Mapping[str, Value]
Scale = Literal["lin", "log", "int", "choice", "bool"]
Status = Literal["running", "done", "diverged"]


@dataclass(frozen=True)
class Param:
    """One knob: what the panel shows and what the arrow keys change."""

    name: str
    label: str
    default: Value
    lo: float | None = None
    hi: float | None = None
    scale: Scale = "lin"
    step: float = 0.0  # lin: added per key press; log: multiplied (default 2); int: added (1)
    choices: tuple[str, ...] = ()
    help: str = ""
    modes: tuple[str, ...] = ()  # only shown and used in these values of the "mode" param

    def clamp(self, value: Value) -> Value:
        """The nearest allowed value; never raises for a value of the right kind."""
        if self.scale == "bool":
            return bool(value)
        if self.scale == "choice":
            return value if value in self.choices else self.choices[0]
        number = float(value)
        if math.isnan(number):
            number = float(self.default)
        if self.lo is not None:
            number = max(self.lo, number)
        if self.hi is not None:
            number = min(self.hi, number)
        return round(number) if self.scale == "int" else number

    def nudge(self, value: Value, direction: int) -> Value:
        """One key press: +1 is right (more), -1 is left (less). Clamped."""
        if self.scale == "bool":
            return not value
        if self.scale == "choice":
            index = self.choices.index(value) if value in self.choices else 0
            return self.choices[(index + direction) % len(self.choices)]
        if self.scale == "log":
            factor = self.step or 2.0
            return self.clamp(float(value) * factor**direction)
        if self.scale == "int":
            return self.clamp(int(value) + direction * int(self.step or 1))
        return self.clamp(round(float(value) + direction * (self.step or 0.1), 12))

    def parse(self, text: str) -> Value:
        """A value from the command line; ValueError names what is allowed."""
        if self.scale == "choice":
            if text not in self.choices:
                raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}")
            return text
        if self.scale == "bool":
            lowered = text.lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{self.name} must be true or false")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{self.name} must be a number ({self.range_text()})") from None
        if not math.isfinite(number):
            raise ValueError(f"{self.name} must be a finite number ({self.range_text()})")
        if (self.lo is not None and number < self.lo) or (self.hi is not None and number > self.hi):
            raise ValueError(f"{self.name}={text} is out of range ({self.range_text()})")
        return self.clamp(number)

    def format(self, value: Value) -> str:
        if self.scale == "bool":
            return "on" if value else "off"
        if self.scale in ("choice", "int"):
            return str(value)
        return f"{float(value):.4g}"

    def range_text(self) -> str:
        if self.scale == "choice":
            return " | ".join(self.choices)
        if self.scale == "bool":
            return "on | off"
        return f"{self.format(self.lo)} to {self.format(self.hi)}"

    def at_bound(self, value: Value) -> bool:
        if self.scale in ("choice", "bool"):
            return False
        return float(value) in (self.lo, self.hi)


@dataclass(frozen=True)
class Series:
    """One line, set of points or bars. x defaults to 0, 1, 2, ..."""

    label: str
    y: tuple[float, ...]
    x: tuple[float, ...] | None = None
    kind: Literal["line", "scatter", "bar"] = "line"
    color: str = ""  # blue, orange, green, magenta, cyan, red, yellow, gray; "" picks one
    marker: str = ""  # a character (or "braille", "hd" for lines); "" picks a free one


@dataclass(frozen=True)
class Plot:
    """A chart. With ylog/xlog the front end draws log10 of positive values on a linear axis."""

    title: str
    series: tuple[Series, ...] = ()
    xlabel: str = ""
    ylabel: str = ""
    xlog: bool = False
    ylog: bool = False
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    image: tuple[tuple[float, ...], ...] | None = None  # grey levels, rows top to bottom


@dataclass(frozen=True)
class Frame:
    """Everything one redraw needs."""

    step: int
    status: Status = "running"
    message: str = ""
    plots: tuple[Plot, ...] = ()
    readouts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Topic:
    """A question of the Q&A: plain data, no torch, importable anywhere."""

    slug: str
    question: str
    answer: str  # markdown, in our own words
    params: tuple[Param, ...] = ()
    demo: str = ""  # "module:Class" of its Demo; "" while the live demo is not built
    pace: float = 0.0  # seconds at least between two steps, for demos a human should watch
    keys: tuple[str, ...] = field(default=())  # extra notes for the help screen

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Value]:
        return {param.name: param.default for param in self.params}

    def visible(self, values: Values) -> tuple[Param, ...]:
        """The parameters that apply in the current mode."""
        mode = values.get("mode")
        return tuple(p for p in self.params if not p.modes or mode in p.modes)


class Demo(ABC):
    """A live demo. The engine calls reset once, then step and frame as time allows."""

    topic: ClassVar[Topic]

    @abstractmethod
    def reset(self, values: Values, seed: int) -> None:
        """Start over with these (already clamped) values and this seed."""

    @abstractmethod
    def step(self) -> bool:
        """One unit of work. Return False when there is nothing left to do."""

    @abstractmethod
    def frame(self) -> Frame:
        """What to draw now. Must not change the demo's state."""


def thin(values: list[float], limit: int = 400) -> tuple[tuple[float, ...], ...]:
    """(x, y) of a per-step history with at most about `limit` points, keeping the last."""
    if not values:
        return (), ()
    stride = max(1, math.ceil(len(values) / limit))
    index = list(range(0, len(values), stride))
    if index[-1] != len(values) - 1:
        index.append(len(values) - 1)
    return tuple(float(i) for i in index), tuple(values[i] for i in index)


def fmt(value: float, digits: int = 4) -> str:
    """A number for a readout: short, and honest about inf and nan."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"
