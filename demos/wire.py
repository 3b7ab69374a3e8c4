"""Length-prefixed pickle messages over pipes, between the UI and the compute process."""

from __future__ import annotations

import io
import os
import pickle
import struct
from dataclasses import dataclass
from typing import IO, Any

HEADER = struct.Struct("!I")


@dataclass(frozen=True)
class Stats:
    """How the compute side is doing, for the status line and the benchmark."""

    steps_per_second: float
    step_ms: float  # median of the recent steps
    frame_ms: float  # median time to build a frame
    paused: bool
    finished: bool


def pack(message: Any) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


def write(fd: int, message: Any) -> None:
    """Write one message to a raw file descriptor, all of it."""
    data = memoryview(pack(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


class PlainUnpickler(pickle.Unpickler):
    """Reads only builtins and the contract's own classes.

    The UI must never import torch or numpy: a tensor or numpy scalar slipped into a frame
    would import them on unpickling (2 s and 300 MB). Refusing them keeps frames honest.
    """

    ALLOWED = frozenset(
        {("demos.base", name) for name in ("Frame", "Plot", "Series")} | {("demos.wire", "Stats")}
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a frame may hold only plain data, not {module}.{name}")


def loads(body: bytes) -> Any:
    return PlainUnpickler(io.BytesIO(body)).load()


def read(stream: IO[bytes]) -> Any:
    """Read one message from a buffered binary stream; EOFError when the other side is gone."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError
    return loads(body)
