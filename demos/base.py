"""The contract between headless demos and any front end: read this before writing a demo.

A topic is plain data (question, answer, parameters) that imports no torch, so a UI can show it
at once (`demos/specs/<slug>.py`). Each mode of a topic has a lesson and a demo of the same name:

- `demos/lessons/<name>.py`, the lesson: the PyTorch code that makes the point, top to bottom,
  about 120 lines at most, a short program a student could copy. A `Config` (a NamedTuple:
  a frozen dataclass costs ~1 ms more to define) whose fields are the spec's parameter names
  with the spec's defaults; one run class,
  `Run(config, seed)` with `step() -> bool`, `steps` and `status`. No Frame, Plot or Series.
  The code view (`c`) shows it, and `qa-tui export-script` inlines it into a standalone script.
- `demos/<name>.py`, the demo: a `LessonDemo` naming `lesson` and `config`, whose `frame()` only
  turns the run into a Frame; plus module functions `readouts(run)` and `message(run)` (what
  `qa-tui run` and the exported script print), which use nothing but the run, the lesson's names,
  `fmt` and the standard library.
- `<name>` is the slug, or `<slug>_<mode>` for a topic with modes ("sgd_closed_form"); the spec
  names each mode's demo in `Topic.mode_demos`.

The rules every frame keeps (`contract_problems` checks them; tests run it on every demo):

- At most MAX_PLOTS (4) charts, and the same number from the first frame on: a chart that
  appears later re-lays the grid out (an empty chart is fine).
- Every plotted number a finite float or int unless the status is "diverged" (the front end
  drops non-finite values, but a chart of nothing teaches nothing); a series' x and y have the
  same length.
- The message is one line of at most MAX_MESSAGE (100) characters, lower case, no final period,
  saying what is happening now ("walking downhill: param -= lr * param.grad"); a diverged frame's
  starts "diverged at step k". Readouts are (label, text) pairs, labels at most MAX_LABEL
  characters, numbers through `fmt` (never "1e+02%" where "100%" was meant).
- A frame is plain data: it pickles with nothing but this module's classes and builtins.
- One `step()` stays under ~30 ms; `frame()` never changes the state; a seed gives the same
  numbers (seed `torch.manual_seed` and any generator you draw from).

Imports to avoid, and why: textual, rich, plotext and tui (demos run without a UI); torch.optim
(its first step imports torch._dynamo: 2.5 s, 80 MiB; use `demos/lessons/optim.py`); torch.func
and vmap (torch._dynamo, sympy); `torch.autograd.grad(..., grad_outputs=...)` (sympy, 34 MiB);
torch.compile (22 s to compile a tiny MLP, then slower). A test checks no demo loads them.
"""

from __future__ import annotations

import io
import math
import pickle
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, cast

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
        lo = "-inf" if self.lo is None else self.format(self.lo)
        hi = "inf" if self.hi is None else self.format(self.hi)
        return f"{lo} to {hi}"

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
    behind: bool = False  # drawn under the others, outside the axis range: a faint reference


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
    main: int = 0  # the series a front end keeps to compare when a parameter changes


@dataclass(frozen=True)
class Frame:
    """Everything one redraw needs."""

    step: int
    status: Status = "running"
    message: str = ""
    plots: tuple[Plot, ...] = ()
    readouts: tuple[tuple[str, str], ...] = ()


Op = Literal["<", "<=", ">", ">=", "has", "lacks"]
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan")


@dataclass(frozen=True)
class Condition:
    """One test on a frame, as plain data, so any front end can evaluate it on live frames.

    `what` names a quantity of the frame: "status", "message", "step", "readout:LABEL" (the
    first number in that readout's text, or the text itself for "has" / "lacks"), or
    "last:PLOT TITLE/SERIES LABEL" (the last y of that series; a title may be given by its
    start). With `over`, the quantity is divided by a second one first (a ratio).
    """

    what: str
    op: Op
    value: float | str
    over: str = ""

    def holds(self, frame: Frame) -> bool:
        if self.op in ("has", "lacks"):
            text = quantity_text(frame, self.what)
            found = text is not None and str(self.value) in text
            return found if self.op == "has" else text is not None and not found
        number = quantity(frame, self.what)
        if self.over:
            number /= quantity(frame, self.over)  # nan / 0 and x / 0 stay nan or inf: fine
        if math.isnan(number):
            return False
        limit = float(self.value)
        return {
            "<": number < limit,
            "<=": number <= limit,
            ">": number > limit,
            ">=": number >= limit,
        }[self.op]


def quantity_text(frame: Frame, what: str) -> str | None:
    """The text `what` names in the frame, or None if the frame has no such thing."""
    if what == "status":
        return frame.status
    if what == "message":
        return frame.message
    if what == "step":
        return str(frame.step)
    if what.startswith("readout:"):
        label = what.removeprefix("readout:")
        return next((value for name, value in frame.readouts if name == label), None)
    return None


def quantity(frame: Frame, what: str) -> float:
    """The number `what` names in the frame; nan when it is missing or holds no number."""
    if what.startswith("last:"):
        title, _, label = what.removeprefix("last:").rpartition("/")
        for plot in frame.plots:
            if plot.title.startswith(title):
                for series in plot.series:
                    if series.label == label and series.y:
                        return float(series.y[-1])
        return math.nan
    text = quantity_text(frame, what)
    match = NUMBER.search(text or "")
    return float(match.group()) if match else math.nan


@dataclass(frozen=True)
class Experiment:
    """A guided experiment: values to set, what to notice, and how to tell it happened.

    `values` override the topic's defaults (the rest stay at their defaults); within `steps`
    steps from a reset, some frame satisfies every condition of `check`. A UI shows `title` as
    what to try and `notice` as what to look at, and marks the experiment done when
    `held(frame)` is true of a live frame.
    """

    name: str  # slug-like, unique within its topic: "lr-past-the-bound"
    title: str  # what to try, one short line
    values: tuple[tuple[str, Value], ...]
    notice: str  # "Notice: ..." without the word: what to watch, in a sentence or two
    steps: int  # the step budget within which the check holds
    check: tuple[Condition, ...]

    def settings(self) -> dict[str, Value]:
        return dict(self.values)

    def held(self, frame: Frame) -> bool:
        return all(condition.holds(frame) for condition in self.check)


@dataclass(frozen=True)
class Topic:
    """A question of the Q&A: plain data, no torch, importable anywhere."""

    slug: str
    question: str
    answer: str  # markdown, in our own words
    params: tuple[Param, ...] = ()
    demo: str = ""  # "module:Class" of its Demo; "" while the live demo is not built
    pace: float = 0.0  # seconds at least between two steps, for demos a human should watch
    experiments: tuple[Experiment, ...] = ()  # guided experiments, in the order to try them
    # one demo per mode: ((mode, "module:Class"), ...); `demo` is then the first mode's
    mode_demos: tuple[tuple[str, str], ...] = ()

    def demo_for(self, values: Values | None = None) -> str:
        """The "module:Class" of the demo that runs for these values (their mode)."""
        mode = (values or {}).get("mode")
        return dict(self.mode_demos).get(str(mode), self.demo) if self.mode_demos else self.demo

    def modes(self) -> tuple[str, ...]:
        """The values of the "mode" parameter, or () for a topic with one mode."""
        return next((p.choices for p in self.params if p.name == "mode"), ())

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Value]:
        return {param.name: param.default for param in self.params}

    def values(self, overrides: Values | None = None) -> dict[str, Value]:
        """Every parameter: the default, overridden by `overrides`, clamped into its range.
        Names that are not parameters are ignored."""
        given = overrides or {}
        return {p.name: p.clamp(given.get(p.name, p.default)) for p in self.params}

    def experiment(self, name: str) -> Experiment:
        for experiment in self.experiments:
            if experiment.name == name:
                return experiment
        raise KeyError(name)

    def visible(self, values: Values) -> tuple[Param, ...]:
        """The parameters that apply in the current mode."""
        mode = values.get("mode")
        return tuple(p for p in self.params if not p.modes or mode in p.modes)


class Demo(ABC):
    """A live demo. The engine calls reset once, then step and frame as time allows."""

    @abstractmethod
    def reset(self, values: Values, seed: int) -> None:
        """Start over with these (already clamped) values and this seed."""

    @abstractmethod
    def step(self) -> bool:
        """One unit of work. Return False when there is nothing left to do."""

    @abstractmethod
    def frame(self) -> Frame:
        """What to draw now. Must not change the demo's state."""


class LessonDemo(Demo):
    """A demo whose work is a lesson (`demos/lessons/<same name>.py`): `reset` builds
    `lesson(config(**values), seed)` from the values the lesson's Config names, `step` steps it,
    and the subclass's `frame` only turns `self.run` into a Frame."""

    lesson: ClassVar[type]  # the lesson's run class: Run(config, seed), .step(), .steps, .status
    config: ClassVar[type]  # the lesson's Config: its annotated fields are the spec's params

    def reset(self, values: Values, seed: int) -> None:
        names = self.config.__annotations__
        self.run = self.lesson(self.config(**{name: values[name] for name in names}), seed)

    def step(self) -> bool:
        return bool(self.run.step())


def thin(values: list[float], limit: int = 400) -> tuple[tuple[float, ...], ...]:
    """(x, y) of a per-step history with at most about `limit` points, keeping the last."""
    if not values:
        return (), ()
    stride = max(1, math.ceil(len(values) / limit))
    index = list(range(0, len(values), stride))
    if index[-1] != len(values) - 1:
        index.append(len(values) - 1)
    return tuple(float(i) for i in index), tuple(values[i] for i in index)


def as_status(text: str) -> Status:
    """A lesson's status string as a Frame's status (lessons know no Frame): checked, not cast
    blindly, so a typo in a lesson fails loudly."""
    if text not in ("running", "done", "diverged"):
        raise ValueError(f"a run's status is running, done or diverged, not {text!r}")
    return cast(Status, text)


def times(ratio: float) -> str:
    """A ratio for a readout or message: 2.4x, 36x, 410x, 27300x; never 2.73e+03x."""
    if not math.isfinite(ratio):
        return fmt(ratio)
    return f"{ratio:.1f}x" if ratio < 9.95 else f"{ratio:.0f}x"


def fmt(value: float, digits: int = 4) -> str:
    """A number for a readout: short, and honest about inf and nan."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"


MAX_PLOTS = 4
MAX_MESSAGE = 100
MAX_LABEL = 24
DIVERGED = re.compile(r"^diverged at step \d+")
PERCENT_IN_E = re.compile(r"\de[+-]?\d+\s*%")  # "1e+02%" where "100%" was meant
PLAIN_MODULES = {__name__, "builtins"}  # all a front end may have to import to read a frame


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module not in PLAIN_MODULES:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def _numbers(frame: Frame) -> Iterator[tuple[str, object]]:
    for plot in frame.plots:
        for series in plot.series:
            if series.x is not None and len(series.x) != len(series.y):
                yield f"{plot.title}/{series.label}: {len(series.x)} x, {len(series.y)} y", None
            for value in (*series.y, *(series.x or ())):
                yield f"{plot.title}/{series.label}", value
        for value in (v for row in plot.image or () for v in row):
            yield f"{plot.title}/image", value
        for value in (*(plot.xlim or ()), *(plot.ylim or ())):
            yield f"{plot.title}/limits", value


def contract_problems(frames: Sequence[Frame]) -> list[str]:
    """What breaks the rules above in these frames of one run (in order); [] when nothing does."""
    problems: list[str] = []
    counts = {len(frame.plots) for frame in frames}
    if len(counts) > 1:
        problems.append(f"the number of charts changes: {sorted(counts)}")
    last_step = 0
    for frame in frames:
        where = f"step {frame.step}"
        if not isinstance(frame, Frame) or frame.status not in ("running", "done", "diverged"):
            problems.append(f"{where}: not a Frame with a known status")
            continue
        try:
            if _PlainUnpickler(io.BytesIO(pickle.dumps(frame))).load() != frame:
                problems.append(f"{where}: the frame changes through pickle")
        except (pickle.PicklingError, pickle.UnpicklingError, AttributeError, TypeError) as error:
            problems.append(f"{where}: not plain data ({error})")
        if not isinstance(frame.step, int) or frame.step < last_step:
            problems.append(f"{where}: the step went back from {last_step}")
        last_step = frame.step if isinstance(frame.step, int) else last_step
        if len(frame.plots) > MAX_PLOTS:
            problems.append(f"{where}: {len(frame.plots)} charts (at most {MAX_PLOTS})")
        message = frame.message
        if "\n" in message or len(message) > MAX_MESSAGE or message.endswith("."):
            problems.append(f"{where}: message not one short line: {message!r}")
        if frame.status == "diverged" and not DIVERGED.match(message):
            problems.append(f"{where}: diverged, but the message does not say at which step")
        for label, text in frame.readouts:
            if not (isinstance(label, str) and isinstance(text, str)) or len(label) > MAX_LABEL:
                problems.append(f"{where}: readout label {label!r} (text, <= {MAX_LABEL} chars)")
        texts = (message, *(v for _, v in frame.readouts))
        if any(isinstance(text, str) and PERCENT_IN_E.search(text) for text in texts):
            problems.append(f"{where}: a percentage in e-notation")
        for place, value in _numbers(frame):
            if value is None:
                problems.append(f"{where}: {place}")
            elif not isinstance(value, float | int) or isinstance(value, bool):
                problems.append(f"{where}: {place} holds a {type(value).__name__}")
            elif not math.isfinite(value) and frame.status != "diverged":
                problems.append(f"{where}: {place} = {value} while {frame.status}")
    return problems
