"""Typed messages between the UI and the compute process, and how they travel.

Each message is a frozen dataclass, pickled and framed as MAGIC, a 4-byte length, then the body.
The reader trusts nothing: it unpickles only the classes below and the contract's plain data
(`PlainUnpickler`), checks every field's type (`check`), skips bytes that are not a frame
(stray output, a lying length) until the next MAGIC, and reports what it skipped or could not
read instead of stopping. No torch, no UI imports here.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
from dataclasses import dataclass, fields
from typing import Any

from demos.base import Frame, Plot, Series, Value

MAGIC = b"\x00QAT"
HEADER = struct.Struct("!4sI")
MAX_BODY = 32 * 1024 * 1024  # far above any frame (a 10 000-point plot is ~200 KB)


# --- the UI's commands ------------------------------------------------------------------------
@dataclass(frozen=True)
class Load:
    """Start (or restart) a demo; its frames carry `gen` back."""

    gen: int
    slug: str
    values: dict[str, Value]
    seed: int


@dataclass(frozen=True)
class Pause:
    paused: bool


@dataclass(frozen=True)
class Step:
    """One step of the paused demo."""


@dataclass(frozen=True)
class Fps:
    fps: float


@dataclass(frozen=True)
class Ping:
    """Are you there? Answered with a Pong from the engine's main loop (the watchdog's probe)."""

    n: int


@dataclass(frozen=True)
class Quit:
    pass


Command = Load | Pause | Step | Fps | Ping | Quit


# --- what the compute process says ------------------------------------------------------------
@dataclass(frozen=True)
class Stats:
    """How the compute side is doing, for the status line and the benchmark."""

    step_ms: float  # median of the recent steps


@dataclass(frozen=True)
class Ready:
    torch_version: str
    threads: int


@dataclass(frozen=True)
class NewFrame:
    gen: int
    frame: Frame
    stats: Stats


@dataclass(frozen=True)
class DemoError:
    gen: int
    text: str


@dataclass(frozen=True)
class Pong:
    n: int


Reply = Ready | NewFrame | DemoError | Pong
COMMANDS = (Load, Pause, Step, Fps, Ping, Quit)
REPLIES = (Ready, NewFrame, DemoError, Pong)


class BadMessage(ValueError):
    """A frame that is not a well-formed message; its text says what was wrong."""


# --- framing ----------------------------------------------------------------------------------
def pack(message: Any) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(MAGIC, len(body)) + body


def write(fd: int, message: Any) -> None:
    """Write one message to a raw file descriptor, all of it."""
    data = memoryview(pack(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


class PlainUnpickler(pickle.Unpickler):
    """Reads only builtins and the classes of the protocol and the contract.

    The UI must never import torch or numpy: a tensor or numpy scalar slipped into a frame
    would import them on unpickling (2 s and 300 MB). Refusing them keeps frames honest, and
    no other class can run code while being read.
    """

    ALLOWED = frozenset(
        {("demos.base", cls.__name__) for cls in (Frame, Plot, Series)}
        | {("demos.wire", cls.__name__) for cls in (*COMMANDS, *REPLIES, Stats)}
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a message may hold only plain data, not {module}.{name}")


def loads(body: bytes) -> Any:
    return PlainUnpickler(io.BytesIO(body)).load()


class Reader:
    """Messages from a file descriptor, resynchronising on MAGIC after anything else.

    `read()` returns the next message, or a `BadMessage` instance describing bytes that were
    skipped or a frame that could not be read (the caller shows it and keeps reading). Raises
    EOFError at the end of the stream.
    """

    def __init__(self, fd: int, expect: tuple[type, ...]) -> None:
        self.fd = fd
        self.expect = expect
        self.buffer = bytearray()
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            data = os.read(self.fd, 65536)
        except InterruptedError:
            return True
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def _need(self, size: int) -> bool:
        while len(self.buffer) < size:
            if not self._fill():
                return False
        return True

    def read(self) -> Any:
        while True:
            start = self.buffer.find(MAGIC)
            if start < 0:
                # Keep a tail that may be the start of MAGIC; everything before it is junk.
                keep = len(MAGIC) - 1
                junk = bytes(self.buffer[:-keep]) if len(self.buffer) > keep else b""
                del self.buffer[: len(junk)]
                if junk:
                    return BadMessage(f"stray output on the message pipe: {preview(junk)}")
                if not self._fill():
                    raise EOFError
                continue
            if start > 0:
                junk = bytes(self.buffer[:start])
                del self.buffer[:start]
                return BadMessage(f"stray output on the message pipe: {preview(junk)}")
            if not self._need(HEADER.size):
                raise EOFError
            _, size = HEADER.unpack_from(self.buffer)
            if size == 0 or size > MAX_BODY:  # skip the header, unless a MAGIC may start in it
                length = bytes(self.buffer[len(MAGIC) : HEADER.size])
                inside = any(length[k:] == MAGIC[: len(length) - k] for k in range(len(length)))
                del self.buffer[: len(MAGIC) if inside else HEADER.size]
                return BadMessage(f"a frame header with an impossible length ({size} bytes)")
            if not self._need(HEADER.size + size):
                raise EOFError
            body = bytes(self.buffer[HEADER.size : HEADER.size + size])
            stream = io.BytesIO(body)
            try:
                message = PlainUnpickler(stream).load()
            except Exception as error:  # any unpickling failure: skip past this MAGIC
                del self.buffer[: len(MAGIC)]
                return BadMessage(f"an unreadable message ({type(error).__name__}: {error})")
            used = stream.tell()
            # A length prefix that lied long: what follows the pickle is rescanned, not lost.
            del self.buffer[: HEADER.size + used]
            try:
                return check(message, self.expect)
            except BadMessage as error:
                return error


def preview(data: bytes, limit: int = 60) -> str:
    text = data[:limit].decode("utf-8", "replace")
    return repr(text) + (f" (+{len(data) - limit} bytes)" if len(data) > limit else "")


# --- checking what arrived --------------------------------------------------------------------
FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int,
    "str": str,
    "bool": bool,
    "float": (int, float),
}


def check(message: Any, expect: tuple[type, ...]) -> Any:
    """`message` if it is one of `expect` with every field of the right type; else BadMessage."""
    if type(message) not in expect:
        raise BadMessage(f"an unexpected message: {type(message).__name__}")
    if isinstance(message, Load):
        _want(isinstance(message.values, dict), "Load.values is not a dict")
        for name, value in message.values.items():
            _want(isinstance(name, str) and _is_value(value), f"Load.values[{name!r}] is bad")
        _want(isinstance(message.slug, str), "Load.slug is not text")
        _want(_is_int(message.gen) and _is_int(message.seed), "Load.gen or seed not integers")
    elif isinstance(message, NewFrame):
        _want(_is_int(message.gen), "the frame's generation is not an integer")
        check_frame(message.frame)
        _want(_good_stats(message.stats), "the frame's stats are bad")
    else:
        for f in fields(message):
            value = getattr(message, f.name)
            kind = FIELD_TYPES.get(str(f.type))
            if kind is not None:
                _want(
                    isinstance(value, kind) and (kind is bool or not isinstance(value, bool)),
                    f"{type(message).__name__}.{f.name} is not {f.type}",
                )
    return message


def check_frame(frame: Any) -> None:
    """Raise BadMessage unless `frame` is a Frame of plain data the UI can draw."""
    _want(type(frame) is Frame, "the frame is not a Frame")
    _want(_is_int(frame.step), "Frame.step is not an integer")
    _want(frame.status in ("running", "done", "diverged"), "Frame.status is not a status")
    _want(isinstance(frame.message, str), "Frame.message is not text")
    _want(isinstance(frame.readouts, tuple), "Frame.readouts is not a tuple")
    for pair in frame.readouts:
        _want(
            isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair),
            "a readout is not a (label, value) pair of text",
        )
    _want(isinstance(frame.plots, tuple), "Frame.plots is not a tuple")
    for plot in frame.plots:
        _want(type(plot) is Plot, "a plot is not a Plot")
        _want(all(isinstance(s, str) for s in (plot.title, plot.xlabel, plot.ylabel)), "text")
        _want(isinstance(plot.xlog, bool) and isinstance(plot.ylog, bool), "Plot log flags")
        _want(_is_int(plot.main), "Plot.main is not an integer")
        for lim in (plot.xlim, plot.ylim):
            _want(lim is None or (_numbers(lim) and len(lim) == 2), "a plot limit is bad")
        _want(
            plot.image is None
            or (isinstance(plot.image, tuple) and all(_numbers(row) for row in plot.image)),
            "a plot's image is not rows of numbers",
        )
        _want(isinstance(plot.series, tuple), "Plot.series is not a tuple")
        for series in plot.series:
            _want(type(series) is Series, "a series is not a Series")
            _want(isinstance(series.label, str) and isinstance(series.color, str), "text")
            _want(series.kind in ("line", "scatter", "bar"), "a series kind is bad")
            _want(_numbers(series.y), "a series' y is not numbers")
            _want(series.x is None or _numbers(series.x), "a series' x is not numbers")


def _want(condition: bool, problem: str) -> None:
    if not condition:
        raise BadMessage(problem)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_value(value: Any) -> bool:
    return isinstance(value, (int, float, str, bool))


def _numbers(values: Any) -> bool:
    return isinstance(values, tuple) and all(type(v) in (float, int) for v in values)


def _good_stats(stats: Any) -> bool:
    if type(stats) is not Stats:
        return False
    return type(stats.step_ms) in (float, int)
