"""LinkRate against a simulated link and a fake clock: the rate follows the link's backlog."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.link import GIVE_UP, MIN_FPS, MIN_SLICE, LinkRate, Pacer

STEP = 0.01  # seconds of simulated time per tick


@dataclass
class Link:
    """A FIFO link: `rate` bytes a second, `rtt` seconds of delay; probes queue behind bytes."""

    rate: float
    rtt: float = 0.1
    written: float = 0.0
    delivered: float = 0.0
    probes: list[tuple[float, float]] = field(default_factory=list)  # (bytes before it, sent)

    def tick(self, now: float) -> float | None:
        """Advance one tick; returns when a probe's answer arrived, if one did."""
        self.delivered = min(self.written, self.delivered + self.rate * STEP)
        if self.probes and self.delivered >= self.probes[0][0]:
            self.probes.pop(0)
            return now + self.rtt  # the answer comes back after the link's own delay
        return None

    @property
    def backlog(self) -> float:
        return self.written - self.delivered


def run(
    link: Link, seconds: float, frame_bytes: float, rate: LinkRate, start: float = 0.0
) -> list[tuple[float, float, float]]:
    """The app at `rate.fps` writing frames, probing as the app does; returns (time, fps,
    backlog in bytes) every tick."""
    out = []
    now, next_frame = start, start
    answers: list[float] = []
    if rate.should_probe(now):  # the app's first probe goes before its first paint
        rate.sent(now, int(link.written))
        link.probes.append((link.written, now))
    while now < start + seconds:
        if now >= next_frame:  # as in the app: a frame comes, a probe goes, the frame is drawn
            if rate.should_probe(now):
                rate.sent(now, int(link.written))
                link.probes.append((link.written, now))
            rate.overdue(now)
            link.written += frame_bytes
            next_frame = now + 1 / rate.fps
        answered = link.tick(now)
        if answered is not None:
            answers.append(answered)
        while answers and answers[0] <= now:
            rate.answered(answers.pop(0))
        out.append((now, rate.fps, link.backlog))
        now += STEP
    return out


def test_a_slow_link_lowers_the_rate_and_keeps_the_backlog_small() -> None:
    rate = LinkRate(10.0)
    trace = run(Link(rate=12 * 1024), 30.0, frame_bytes=3000, rate=rate)
    late = [t for t in trace if t[0] > 10]
    assert max(fps for _, fps, _ in late) < 10  # 10 frames of 3000 bytes do not fit in 12 KiB/s
    assert rate.bandwidth is None or rate.bandwidth > 0.7 * 12 * 1024
    assert min(fps for _, fps, _ in trace) >= MIN_FPS
    assert max(backlog for _, _, backlog in late) < 12 * 1024  # under a second (without pacing)
    mean_fps = sum(fps for _, fps, _ in late) / len(late)
    assert 2 < mean_fps < 1.3 * 12 * 1024 / 3000  # about what the link carries


def test_a_fast_link_keeps_the_maximum_rate() -> None:
    rate = LinkRate(10.0)
    trace = run(Link(rate=1024 * 1024), 20.0, frame_bytes=3000, rate=rate)
    assert {fps for _, fps, _ in trace} == {10.0}
    assert rate.bandwidth is None  # it never queued: the link's rate stays unknown (no pacing)


def test_the_rate_comes_back_up_when_the_link_gets_faster() -> None:
    rate = LinkRate(10.0)
    link = Link(rate=6 * 1024)
    run(link, 20.0, frame_bytes=3000, rate=rate)
    assert rate.fps < 5
    link.rate = 1024 * 1024
    trace = run(link, 30.0, frame_bytes=3000, rate=rate, start=20.0)
    assert trace[-1][1] == 10.0


def test_the_link_rate_is_measured_from_probes_that_queued() -> None:
    rate = LinkRate(10.0)
    run(Link(rate=12 * 1024), 8.0, frame_bytes=3000, rate=rate)
    assert rate.bandwidth is not None
    assert 0.7 * 12 * 1024 < rate.bandwidth < 1.3 * 12 * 1024
    assert rate.pace() is not None


def test_a_terminal_that_never_answers_keeps_the_fixed_rate_and_is_left_alone() -> None:
    rate = LinkRate(10.0)
    probes = 0
    now = 0.0
    while now < 60:
        if rate.should_probe(now):
            rate.sent(now)
            probes += 1
        assert rate.overdue(now) is None
        now += 0.1
    assert rate.fps == 10.0
    assert probes == GIVE_UP  # then it stops asking


def test_a_long_overdue_probe_lowers_the_rate_before_it_comes_back() -> None:
    rate = LinkRate(10.0)
    rate.sent(0.0)
    rate.answered(0.1)  # the link's own round trip: 0.1 s
    rate.sent(1.0)
    assert rate.overdue(1.15) is None  # within the round trip plus HIGH
    lowered = rate.overdue(1.5)
    assert lowered == 5.0
    assert rate.overdue(1.6) is None  # once per round trip, not every tick
    assert rate.overdue(2.1) == 2.5


def test_an_answer_nobody_asked_for_changes_nothing() -> None:
    rate = LinkRate(10.0)
    assert rate.answered(1.0) is None
    assert rate.answers == 0


def test_the_late_answer_to_a_probe_given_up_on_is_not_taken_for_the_next_one() -> None:
    rate = LinkRate(10.0)
    rate.sent(0.0)
    assert rate.should_probe(5.5)  # the first is given up on
    rate.sent(5.5)
    assert rate.answered(5.52) is None  # the first one's answer, at last: not 20 ms
    rate.answered(5.7)
    assert rate.base_rtt is not None and abs(rate.base_rtt - 0.2) < 1e-9


def test_the_pacer_holds_output_beyond_its_room_until_the_link_drains_it() -> None:
    pacer = Pacer()
    rate = 12 * 1024.0
    assert pacer.hold(0.0, rate) == 0.0
    assert pacer.budget(rate) == int(Pacer.room(rate))
    pacer.wrote(5000)  # an image: more than the link should hold
    wait = pacer.hold(0.0, rate)
    assert abs(wait - (5000 - Pacer.room(rate)) / rate) < 1e-9
    assert pacer.hold(wait / 2, rate) > 0  # half-way: still waiting
    assert pacer.hold(wait + 1e-6, rate) == 0.0  # drained to its room: more may go
    assert pacer.budget(rate) == MIN_SLICE  # ... a little at a time


def test_the_pacer_holds_nothing_while_the_rate_is_unknown() -> None:
    pacer = Pacer()
    pacer.wrote(1_000_000)
    assert pacer.hold(0.0, None) == 0.0
    assert pacer.budget(None) is None
    assert pacer.hold(0.001, 12 * 1024.0) == 0.0  # what went before the rate was known is gone
