"""The frame rate a link to the terminal allows, measured through the terminal itself.

Over SSH nothing pushes back on an app that writes faster than the link: sshd reads everything
at once, the backlog grows, and a key's echo waits behind it (GUIDE.md, section 3). A cursor
position request (ESC[6n) is answered once everything written before it has reached the
terminal, so its round trip is the link's delay plus the backlog's. `LinkRate` keeps the
smallest round trip seen lately as the link's own delay; what a probe takes beyond that is
backlog, and a probe long overdue says as much as one that came back late. Much backlog halves
the frame rate (never below MIN_FPS); none lets it climb back one frame a second at a time, up
to the --fps the user gave (as TCP and mosh do). A terminal that never answers leaves the rate
as it was.

It also measures how fast the link delivers: the bytes written between two probes over the
time between their answers, when both queued. Once that rate is known, the frames take at most
about half of it, so that a key's echo mostly finds the link free, and the driver
(tui/link_driver.py, with a `Pacer`) keeps no more than TARGET seconds of output in the link:
the rest waits in the app, where newer updates replace it, not in sshd's buffer.

Pure but for an optional log (QA_TUI_LINK_LOG): the caller passes the time (seconds on any
monotonic clock) and sends the probes.
"""

from __future__ import annotations

import os
from collections import deque

PROBE_EVERY = 0.5  # seconds between probes, at most
MIN_FPS = 1.0
HIGH = 0.08  # seconds of backlog that lower the rate (a key's echo would wait that long)
LOW = 0.03  # seconds of backlog under which the rate climbs back
STEP = 1.0  # frames a second added per quiet probe
SHARE_HIGH = 0.65  # of the link's rate, once known, that the app's output may take ...
SHARE_LOW = 0.45  # ... and under which the frame rate may climb: a key finds it free
LOST = 5.0  # before any answer, a probe unanswered this long is given up (another may go)
LOST_AFTER_ANSWERS = 60.0  # ... once the terminal has answered (it answers late, not never)
GIVE_UP = 3  # probes lost before the first answer: this terminal does not answer
MIN_WINDOW = 30.0  # seconds over which the smallest round trip is the link's own delay
RATE_KEPT = 15.0  # seconds a measured rate is trusted without the link being seen busy again
BURST = 4096  # bytes between two probes that make one queued probe enough to measure the rate
REMOTE = 0.01  # seconds of round trip from which a link is not local (there a busy machine
# delays answers more than bytes do)
MIN_SAMPLE = 1024  # bytes written between two probes, at least, to measure a rate from
TARGET = 0.03  # seconds of output in the link at most, once its rate is known
MIN_QUEUE = 400  # bytes the link may always hold (a small update goes out whole)
MIN_SLICE = 200  # bytes sent at least, when something is sent
LOG = "QA_TUI_LINK_LOG"  # a file to append each answer and rate change to (for tests/perf)


class LinkRate:
    def __init__(self, max_fps: float) -> None:
        self.max_fps = max_fps
        self.fps = max_fps
        self.sent_at: float | None = None  # the probe on its way, if any
        self.last_sent = float("-inf")
        self.last_change = float("-inf")
        self.rtts: deque[tuple[float, float]] = deque()  # (when answered, round trip)
        self.answers = 0
        self.lost = 0
        self.stale = 0  # probes given up on whose answers may still come (they are not ours)
        self.backlog = 0.0  # seconds, from the latest answer (or the overdue probe)
        self.probe_written = 0  # bytes written before the probe on its way
        self.last_answer: tuple[float, int] | None = None  # (when, bytes written before it)
        self.last_probe: tuple[float, int] | None = None  # (sent, bytes written before it)
        self.bandwidth: float | None = None  # bytes a second the link delivers, once measured
        self.measured_at = float("-inf")
        self.log_path = os.environ.get(LOG)

    @property
    def base_rtt(self) -> float | None:
        return min(rtt for _, rtt in self.rtts) if self.rtts else None

    def should_probe(self, now: float) -> bool:
        """Is it time for another probe? The caller asks while frames flow."""
        if self.sent_at is not None:
            if now - self.sent_at < (LOST_AFTER_ANSWERS if self.answers else LOST):
                return False
            self.sent_at = None  # given up; its answer, if it comes, is not the next one's
            self.lost += 1
            self.stale += 1
        if self.answers == 0 and self.lost >= GIVE_UP:
            return False  # this terminal does not answer: the fixed rate stays
        return now - self.last_sent >= PROBE_EVERY

    def sent(self, now: float, written: int = 0) -> None:
        """A probe went out at `now`, after `written` bytes in all."""
        self.sent_at = self.last_sent = now
        self.probe_written = written

    def answered(self, now: float) -> float | None:
        """A probe came back at `now`; returns the new frame rate if it changed."""
        if self.stale:
            self.stale -= 1
            return None  # the late answer to a probe given up on
        if self.sent_at is None:
            return None  # an answer to someone else's request
        sent_at, self.sent_at = self.sent_at, None
        rtt = max(0.0, now - sent_at)
        self.answers += 1
        self.rtts.append((now, rtt))
        while len(self.rtts) > 1 and self.rtts[0][0] < now - MIN_WINDOW:
            self.rtts.popleft()
        base = self.base_rtt or 0.0
        previous_backlog, self.backlog = self.backlog, rtt - base
        self.measure(now, previous_backlog)
        share = self.share(sent_at)
        self.log(
            f"answer {now:.3f} rtt {rtt:.3f} base {base:.3f} fps {self.fps:g} "
            f"bw {self.bandwidth} share {share}"
        )
        measured_now = sent_at >= self.last_change  # it measured the rate as it is now
        if self.backlog > HIGH:
            return self.change(self.fps / 2, now) if measured_now else None
        if share is not None and share > SHARE_HIGH:  # keys would often find the link busy
            return self.change(self.fps * 0.8, now) if measured_now else None
        if self.backlog < LOW and (share is None or share < SHARE_LOW):
            return self.change(self.fps + STEP, now)
        return None

    def share(self, sent_at: float) -> float | None:
        """How much of the link's rate the app wrote between the last two probes (None while
        the rate is unknown)."""
        last, self.last_probe = self.last_probe, (sent_at, self.probe_written)
        if last is None or self.bandwidth is None or sent_at <= last[0]:
            return None
        return (self.probe_written - last[1]) / (sent_at - last[0]) / self.bandwidth

    def measure(self, now: float, previous_backlog: float) -> None:
        """The link's rate, from this answer and the one before."""
        last, self.last_answer = self.last_answer, (now, self.probe_written)
        if last is None or now <= last[0]:
            return
        moved = self.probe_written - last[1]
        rate = moved / (now - last[0])
        # The bytes between two probes over the time between their answers is the link's rate
        # when it was busy all along: both probes queued. (A busy machine can delay two answers
        # in a row too; a rate then measured too low is raised by the next ones: pace() sends
        # a quarter more than it while the link shows no backlog.)
        busy = min(self.backlog, previous_backlog) > LOW
        # One probe is enough behind a burst of kilobytes (the first paint, a redrawn image)
        # on a link whose own round trip says it is not local.
        burst = self.backlog > HIGH and moved >= BURST and (self.base_rtt or 0.0) >= REMOTE
        busy = busy or burst
        if moved >= MIN_SAMPLE and (busy or (self.bandwidth is not None and rate > self.bandwidth)):
            self.bandwidth = rate  # a busy link's rate, or more than we thought it carried
            self.measured_at = now
        elif now - self.measured_at > RATE_KEPT:
            self.bandwidth = None  # not seen busy for long: it may carry more now; find out

    def pace(self) -> float | None:
        """Bytes a second to write at (None: as fast as the app draws): a little over the
        measured rate while the link shows no backlog, to find out if it carries more, less
        while a backlog shows."""
        if self.bandwidth is None:
            return None
        gain = 0.7 if self.backlog > HIGH else 0.9 if self.backlog > LOW else 1.05
        return self.bandwidth * gain

    def overdue(self, now: float) -> float | None:
        """While a probe is out for longer than the link's delay plus HIGH, the backlog is at
        least that: lower the rate (once per round trip); returns the new rate if it changed."""
        base = self.base_rtt
        if self.sent_at is None or base is None:
            return None
        waited = now - self.sent_at - base
        if waited <= HIGH:
            return None
        self.backlog = max(self.backlog, waited)
        if now - self.last_change < max(PROBE_EVERY, base + HIGH):
            return None
        return self.change(self.fps / 2, now)

    def change(self, fps: float, now: float) -> float | None:
        fps = min(self.max_fps, max(MIN_FPS, fps))
        if fps == self.fps:
            return None
        self.fps = fps
        self.last_change = now
        self.log(f"rate {now:.3f} fps {fps:g} backlog {self.backlog:.3f}")
        return fps

    def log(self, line: str) -> None:
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as out:
                out.write(line + "\n")


class Pacer:
    """Bytes in the link, as its rate has them drain: output waits while there are more than
    TARGET seconds of them (the driver's hold), and goes in parts of what is left of that."""

    def __init__(self) -> None:
        self.queue = 0.0  # bytes still in the link
        self.at = 0.0

    def wrote(self, size: int) -> None:
        self.queue += size

    def hold(self, now: float, rate: float | None) -> float:
        """Seconds before more output may go (0: now) at `rate` bytes a second (None: the rate
        is not known, nothing waits)."""
        if rate is None:
            self.queue, self.at = 0.0, now
            return 0.0
        self.queue = max(0.0, self.queue - rate * (now - self.at))
        self.at = now
        room = self.room(rate)
        return (self.queue - room) / rate if self.queue > room else 0.0

    def budget(self, rate: float | None) -> int | None:
        """Bytes to send now: what is left of the room (None: all there is)."""
        if rate is None:
            return None
        return max(MIN_SLICE, int(self.room(rate) - self.queue))

    @staticmethod
    def room(rate: float) -> float:
        return max(MIN_QUEUE, rate * TARGET)
