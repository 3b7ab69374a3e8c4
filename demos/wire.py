"""Length-prefixed pickle messages over pipes, between the UI and the compute process."""

from __future__ import annotations

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


def read(stream: IO[bytes]) -> Any:
    """Read one message from a buffered binary stream; EOFError when the other side is gone."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError
    return pickle.loads(body)
