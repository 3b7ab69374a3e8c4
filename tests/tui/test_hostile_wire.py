"""Issue 17.5 and 17.2 at the pipe: anything that is not a well-formed message is reported and
skipped, never misaligns the stream or ends it; the UI's outbox stays bounded."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from demos import wire
from demos.base import Frame, Plot, Series
from demos.wire import (
    COMMANDS,
    REPLIES,
    BadMessage,
    DemoError,
    Load,
    NewFrame,
    Pause,
    Ping,
    Quit,
    Ready,
    Stats,
    Step,
)
from tui.compute import MAX_STEPS_QUEUED, Outbox

STATS = Stats(2.0)
GOOD = NewFrame(1, Frame(step=3, plots=(Plot("p", series=(Series("s", (1.0, 2.0)),)),)), STATS)


def read_all(data: bytes, expect: tuple[type, ...] = REPLIES) -> list[Any]:
    """Every message (or BadMessage) a Reader gets from `data`, until the end of the stream."""
    read_fd, write_fd = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write_fd, data), os.close(write_fd)))
    writer.start()
    reader = wire.Reader(read_fd, expect)
    out: list[Any] = []
    try:
        while True:
            out.append(reader.read())
    except EOFError:
        pass
    writer.join()
    os.close(read_fd)
    return out


def test_stray_bytes_before_between_and_after_frames_are_reported_not_fatal() -> None:
    stream = b"hello from torch.py\n" + wire.pack(GOOD) + b"\x00QA" + wire.pack(GOOD) + b"tail"
    got = read_all(stream)
    assert [type(m) for m in got] == [BadMessage, NewFrame, BadMessage, NewFrame, BadMessage]
    assert "hello from torch.py" in str(got[0])


def test_a_zero_length_message_is_an_error_not_the_end_of_the_stream() -> None:
    zero = wire.HEADER.pack(wire.MAGIC, 0)
    got = read_all(zero + wire.pack(GOOD))
    assert got[-1] == GOOD and got[:-1] and all(isinstance(m, BadMessage) for m in got[:-1])


@pytest.mark.parametrize("size", [1, 5, 2**31])
def test_a_lying_length_prefix_loses_at_most_that_message(size: int) -> None:
    body = pickle.dumps(GOOD)
    liar = wire.HEADER.pack(wire.MAGIC, size) + body
    got = read_all(liar + wire.pack(GOOD) + wire.pack(GOOD))
    assert got.count(GOOD) >= 2, got
    assert any(isinstance(m, BadMessage) for m in got) or got.count(GOOD) == 3


def test_a_length_that_lied_long_does_not_swallow_the_next_messages() -> None:
    body = pickle.dumps(GOOD)
    following = wire.pack(DemoError(1, "next"))
    liar = wire.HEADER.pack(wire.MAGIC, len(body) + len(following)) + body
    got = read_all(liar + following + wire.pack(GOOD))
    assert got == [GOOD, DemoError(1, "next"), GOOD]


def bad_frames() -> Iterator[Any]:
    yield Frame(step=1, plots=None)  # type: ignore[arg-type]
    yield Frame(step=1, readouts=(("a", 1.0),))  # type: ignore[arg-type]
    yield Frame(step=1, readouts="text")  # type: ignore[arg-type]
    yield Frame(step=1, status=["running"])  # type: ignore[arg-type]
    yield Frame(step="1")  # type: ignore[arg-type]
    yield Frame(step=1, message=None)  # type: ignore[arg-type]
    yield Frame(step=1, plots=(Plot("p", series=(Series("s", ("x",)),)),))  # type: ignore[arg-type]
    yield Frame(step=1, plots=(Plot("p", series=(Series("s", (1.0,), kind="pie"),)),))  # type: ignore[arg-type]
    yield Frame(step=1, plots=(Plot("p", image=((1.0,), None)),))  # type: ignore[arg-type]
    yield Frame(step=1, plots=(Plot("p", xlim=(1.0,)),))  # type: ignore[arg-type]
    yield Frame(step=1, plots=("not a plot",))  # type: ignore[arg-type]
    yield ("frame", 1)  # the old tuple protocol


@pytest.mark.parametrize("frame", list(bad_frames()))
def test_a_frame_of_the_wrong_shape_is_a_bad_message(frame: Any) -> None:
    got = read_all(wire.pack(NewFrame(1, frame, STATS)) + wire.pack(GOOD))
    assert isinstance(got[0], BadMessage) and got[1:] == [GOOD]


@pytest.mark.parametrize(
    "message",
    [
        ("frame", 1, GOOD.frame, None),  # a bare tuple is no longer a message
        NewFrame("1", GOOD.frame, STATS),  # type: ignore[arg-type]
        NewFrame(1, GOOD.frame, None),  # type: ignore[arg-type]
        NewFrame(1, GOOD.frame, Stats("no")),  # type: ignore[arg-type]
        Ready(2, 1),  # type: ignore[arg-type]
        DemoError(1, None),  # type: ignore[arg-type]
        Load(1, "gradient", {}, 0),  # a command, where replies are expected
    ],
)
def test_a_reply_of_the_wrong_type_is_a_bad_message(message: Any) -> None:
    got = read_all(wire.pack(message) + wire.pack(GOOD))
    assert isinstance(got[0], BadMessage) and got[1:] == [GOOD]


def test_commands_are_checked_too() -> None:
    bad = Load(1, "gradient", {"lr": object.__new__(Stats)}, 0)  # type: ignore[dict-item]
    got = read_all(wire.pack(bad) + wire.pack(Pause(True)), COMMANDS)
    assert isinstance(got[0], BadMessage) and got[1:] == [Pause(True)]


def test_the_allow_list_is_exactly_the_protocol_and_the_contract() -> None:
    names = {name for _, name in wire.PlainUnpickler.ALLOWED}
    assert names == {
        "Frame", "Plot", "Series", "Stats", "Load", "Pause", "Step", "Fps", "Ping", "Quit",
        "Ready", "NewFrame", "DemoError", "Pong",
    }  # fmt: skip
    got = read_all(wire.pack(threading.Lock) + wire.pack(GOOD))  # any other class: refused
    assert isinstance(got[0], BadMessage) and "plain data" in str(got[0])


def test_the_outbox_keeps_the_newest_of_each_kind_and_few_steps() -> None:
    outbox = Outbox()
    for n in range(10_000):  # a flood of keys against a process that reads nothing
        outbox.put(Load(n, "gradient", {}, 0))
        outbox.put(Pause(n % 2 == 0))
        outbox.put(Step())
        outbox.put(Ping(n))
    pending = outbox.pending
    assert len(pending) <= 3 + MAX_STEPS_QUEUED
    assert [c for c in pending if isinstance(c, Load)] == [Load(9_999, "gradient", {}, 0)]
    assert [c for c in pending if isinstance(c, Pause)] == [Pause(False)]
    outbox.put(Load(10_000, "sgd", {}, 1))
    assert not any(isinstance(c, Step) for c in outbox.pending)  # steps before a load: moot
    outbox.put(Quit())
    assert outbox.pending == [Quit()]
