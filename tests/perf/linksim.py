"""A terminal behind a slow link: a `Term` whose output crosses a link of a set rate and delay.

As over SSH, the program's output is read from the pty at once (sshd reads into a channel window
of megabytes, so the program never sees a slow write); the bytes then queue for the link, leave
it at `rate` bytes per second and reach the terminal half a round trip later. What the terminal
sends back (keys, and its answers to the program's queries) reaches the program half a round
trip after it was sent. A cursor position request (ESC[6n) is answered when it reaches the
terminal, so after everything queued before it, as a real terminal behind a link answers it.

`backlog` is what the program has written that the terminal has not shown yet; `backlog_max`
its largest value.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from tests.perf.term import CPR_QUERY, CPR_REPLY, SYNC_REPLY, Snapshot, Term

PIECE = 512  # bytes the link delivers at a time (a frame's time is when its last piece arrives)
KIB = 1024


class LinkTerm(Term):
    def __init__(
        self,
        argv: Sequence[str],
        rate: float,
        rtt: float,
        on_frame: Callable[[Snapshot], None] | None = None,
        **kwargs: Any,
    ) -> None:
        self.rate = rate  # bytes per second
        self.delay = rtt / 2  # one way
        self.written = 0  # bytes the program wrote (read from the pty)
        self.backlog_max = 0
        self.probes = 0  # cursor position requests that reached the terminal
        self.key_backlogs: list[int] = []  # the backlog when each key reached the program
        self.link: deque[tuple[bytes, float] | None] = deque()
        self.link_ready = threading.Condition()
        self.upstream: deque[tuple[float, bytes]] = deque()
        self.upstream_ready = threading.Condition()
        threading.Thread(target=self._carry, daemon=True).start()
        threading.Thread(target=self._carry_back, daemon=True).start()
        super().__init__(argv, on_frame=on_frame, **kwargs)

    @property
    def backlog(self) -> int:
        return self.written - self.total

    # --- downstream: program -> link -> terminal ----------------------------------------------
    def arrive(self, data: bytes, now: float) -> None:
        """Read from the pty (at once): queue it for the link."""
        with self.link_ready:
            self.written += len(data)
            self.backlog_max = max(self.backlog_max, self.backlog)
            self.link.append((data, now))
            self.link_ready.notify()

    def finish(self) -> None:
        with self.link_ready:
            self.link.append(None)
            self.link_ready.notify()

    def _carry(self) -> None:
        """Move queued bytes across the link: `rate` bytes a second, then `delay` on the wire."""
        free_at = 0.0  # when the link has sent all it has taken so far
        while True:
            with self.link_ready:
                while not self.link:
                    self.link_ready.wait()
                item = self.link.popleft()
            if item is None:
                Term.finish(self)
                return
            data, read_at = item
            for piece in pieces(data):
                free_at = max(free_at, read_at) + len(piece) / self.rate
                wait = free_at + self.delay - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                self.probes += piece.count(CPR_QUERY)
                with self.link_ready:  # `total` and `written` change together under this lock
                    Term.arrive(self, piece, time.perf_counter())

    # --- upstream: terminal -> link -> program -------------------------------------------------
    def write(self, data: bytes) -> float:
        """Keys and answers leave now and reach the program `delay` later; returns when sent."""
        at = time.perf_counter()
        with self.upstream_ready:
            self.upstream.append((at + self.delay, data))
            self.upstream_ready.notify()
        return at

    def _carry_back(self) -> None:
        while True:
            with self.upstream_ready:
                while not self.upstream:
                    self.upstream_ready.wait()
                due, data = self.upstream.popleft()
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            if data not in (CPR_REPLY, SYNC_REPLY):
                self.key_backlogs.append(self.backlog)
            with contextlib.suppress(OSError, AttributeError):
                os.write(self.proc.fd, data)


def pieces(data: bytes) -> list[bytes]:
    """`data` cut into pieces of at most PIECE bytes, each probe ending a piece (so the answer
    goes back when the probe itself arrives, not when the rest of its piece does)."""
    out: list[bytes] = []
    start = 0
    while start < len(data):
        probe = data.find(CPR_QUERY, start, start + PIECE + len(CPR_QUERY) - 1)
        end = probe + len(CPR_QUERY) if probe >= 0 else min(len(data), start + PIECE)
        out.append(data[start:end])
        start = end
    return out
