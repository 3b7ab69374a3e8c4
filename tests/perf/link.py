"""qa-tui over a slow link: `python -m tests.perf.link [--topics SLUG ...]`

Each question runs with no flags behind a simulated link (tests/perf/linksim.py): 25 KiB/s and
12 KiB/s, 100 ms round trip. For each it prints the key-to-screen latency (from the key leaving
the terminal to its new value shown there, so one round trip is the floor), the largest backlog
(written by the app, not yet shown), the bytes and redraws a second that reached the terminal,
and how many link probes (ESC[6n) the terminal answered. Targets (issue 16): p95 at most the
round trip plus 150 ms, backlog never above 64 KiB.
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from dataclasses import dataclass

from demos import SLUGS, get_topic
from demos.base import Topic
from tests.perf.bench import latency_param, past_warm_up
from tests.perf.linksim import KIB, LinkTerm
from tests.perf.session import Session, has_plot, percentile


@dataclass
class Row:
    slug: str
    rate_kib: float
    p50_ms: float = float("nan")
    p95_ms: float = float("nan")
    backlog_kib: float = float("nan")
    kib_per_s: float = float("nan")
    redraws_per_s: float = float("nan")
    probes: int = 0
    presses: int = 0


def run(topic: Topic, rate_kib: float, rtt: float, seconds: float, presses: int) -> Row:
    row = Row(topic.slug, rate_kib)
    make = functools.partial(LinkTerm, rate=rate_kib * KIB, rtt=rtt)
    with Session.app("--topic", topic.slug, make_term=make) as s:
        term = s.term
        assert isinstance(term, LinkTerm)
        if s.wait(has_plot, 90) is None:
            return row
        s.wait(past_warm_up, 30)
        window = s.window(seconds, restart_finished=True)
        row.kib_per_s = window.per_s(window.bytes / KIB)
        row.redraws_per_s = window.per_s(window.redraws)
        choice = latency_param(topic)
        if choice is not None and presses:
            index, key, label = choice
            for _ in range(index):
                term.press("down")
            term.wait_for(lambda ls: any("▸" in ln and label in ln for ln in ls), 10)
            ms = s.latency(presses, first=key, timeout=5.0)
            row.p50_ms, row.p95_ms = percentile(ms, 50), percentile(ms, 95)
            row.presses = len(ms)
        row.backlog_kib = term.backlog_max / KIB
        row.probes = term.probes
    return row


@dataclass
class Bytes:
    slug: str
    kib_per_s: float
    redraws_per_s: float
    bytes_per_redraw: float


def fast_bytes(topic: Topic, seconds: float) -> Bytes:
    """Bytes to the terminal on a fast link (a plain pty), running at the default 10 fps."""
    with Session.app("--topic", topic.slug) as s:
        if s.wait(has_plot, 90) is None:
            return Bytes(topic.slug, float("nan"), float("nan"), float("nan"))
        s.wait(past_warm_up, 30)
        w = s.window(seconds, restart_finished=True)
    per_redraw = w.bytes / w.redraws if w.redraws else float("nan")
    return Bytes(topic.slug, w.per_s(w.bytes / KIB), w.per_s(w.redraws), per_redraw)


def bytes_table(rows: list[Bytes]) -> str:
    lines = [
        "| question | KiB/s | redraws/s | bytes/redraw | 25 KiB/s at most |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.slug} | {r.kib_per_s:.1f} | {r.redraws_per_s:.1f} | {r.bytes_per_redraw:.0f} "
            f"| {'yes' if r.kib_per_s <= 25 else 'no'} |"
        )
    return "\n".join(lines)


def table(rows: list[Row], rtt: float) -> str:
    limit = 1000 * rtt + 150
    lines = [
        "| question | link KiB/s | key p50 ms | key p95 ms | largest backlog KiB "
        "| KiB/s shown | screen updates/s | probes answered | targets met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        met = r.p95_ms <= limit and r.backlog_kib <= 64
        lines.append(
            f"| {r.slug} | {r.rate_kib:g} | {r.p50_ms:.0f} | {r.p95_ms:.0f} "
            f"| {r.backlog_kib:.1f} | {r.kib_per_s:.1f} | {r.redraws_per_s:.1f} | {r.probes} "
            f"| {'yes' if met else 'no'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", nargs="*", default=list(SLUGS), choices=SLUGS)
    parser.add_argument("--links", type=float, nargs="*", default=[25.0, 12.0], help="KiB/s")
    parser.add_argument("--rtt", type=float, default=0.1, help="round trip, seconds")
    parser.add_argument("--seconds", type=float, default=8.0, help="running window")
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument(
        "--bytes-seconds", type=float, default=8.0, help="fast-link bytes window (0: skip)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    load = os.getloadavg()
    sizes = []
    if args.bytes_seconds > 0:
        for slug in args.topics:
            sizes.append(fast_bytes(get_topic(slug), args.bytes_seconds))
            print(f"  {slug}: {sizes[-1].kib_per_s:.1f} KiB/s on a fast link", flush=True)
    rows = []
    for rate in args.links:
        for slug in args.topics:
            row = run(get_topic(slug), rate, args.rtt, args.seconds, args.presses)
            print(f"  {slug} at {rate:g} KiB/s: p95 {row.p95_ms:.0f} ms", flush=True)
            rows.append(row)
    print()
    if sizes:
        print("Bytes to the terminal at 120x40, default --fps 10, fast link:\n")
        print(bytes_table(sizes))
        print()
    print(f"Over the simulated link ({1000 * args.rtt:.0f} ms round trip, no flags):\n")
    print(table(rows, args.rtt))
    end_load = os.getloadavg()
    print(
        f"\nRound trip {1000 * args.rtt:.0f} ms; {args.seconds:g} s running window and "
        f"{args.presses} presses a run; {time.monotonic() - started:.0f} s in all. Load "
        f"average (1, 5, 15 min) at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"at the end {end_load[0]:.2f} {end_load[1]:.2f} {end_load[2]:.2f}."
    )


if __name__ == "__main__":
    main()
