"""The benchmark's tables: plain markdown, one summary row per target of issue 6, then details."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from demos.base import Topic
from tests.perf.headless import WARM_STEPS
from tests.perf.session import ratio

if TYPE_CHECKING:
    from tests.perf.bench import Options, Results

DEFAULT_FPS = 10.0


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return (
            "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)) + " |"
        )

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def num(value: float, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


def pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:+.1f}"


def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def worst(
    res: Results, topics: Sequence[Topic], key: str, high_is_bad: bool = True
) -> tuple[float, str]:
    pairs = [(res.get(f"{t.slug}.{key}"), t.slug) for t in topics]
    pairs = [(v, s) for v, s in pairs if not math.isnan(v)]
    if not pairs:
        return math.nan, "-"
    return max(pairs) if high_is_bad else min(pairs)


def redraw_bound(res: Results, slug: str) -> float:
    """The most redraws a second the app can show at the default rate: how often the charts of
    frames taken at 10 fps, headless, change when drawn (older runs: when their data changes)."""
    changes = res.get(f"{slug}.headless_picture_changes_per_s")
    if math.isnan(changes):
        changes = res.get(f"{slug}.headless_plot_changes_per_s")
    return min(DEFAULT_FPS, changes)


def summary(res: Results, built: Sequence[Topic]) -> str:
    g = res.get
    rows = []
    paint_ratio = g("startup.first_paint_ratio")
    rows.append(
        [
            "1",
            "first paint ≤ 1.3x bare Textual",
            f"{num(g('startup.first_paint_s'))} s vs hello {num(g('startup.hello_paint_s'))} s"
            f" = {num(paint_ratio)}x",
            met(None if math.isnan(paint_ratio) else paint_ratio <= 1.3),
        ]
    )
    diff = g("startup.first_plot_minus_torch_s")
    rows.append(
        [
            "2",
            "first live plot ≤ import torch + 0.5 s",
            f"{num(g('startup.first_plot_s'))} s vs import torch "
            f"{num(g('startup.import_torch_s'))} s = {diff:+.2f} s",
            met(None if math.isnan(diff) else diff <= 0.5),
        ]
    )
    p95, p95_slug = worst(res, built, "latency_p95_ms")
    rows.append(
        [
            "3",
            "key-to-screen p95 ≤ 50 ms",
            f"worst topic {p95_slug}: p95 {num(p95)} ms; all topics: p50 "
            f"{num(g('latency.p50_ms'))} / p95 {num(g('latency.p95_ms'))} ms over "
            f"{num(g('latency.presses'))} presses (paused: p50 {num(g('latency.paused_p50_ms'))}"
            f" / p95 {num(g('latency.paused_p95_ms'))} ms; hello app: p50 "
            f"{num(g('latency.hello_p50_ms'))} / p95 {num(g('latency.hello_p95_ms'))} ms); "
            f"the new value came with the charts blanked in "
            f"{num(g('latency.charts_blanked_pct'))} % of presses",
            met(None if math.isnan(p95) else p95 <= 50),
        ]
    )
    shortfalls = [
        (ratio(res.get(f"{t.slug}.run.redraws_per_s"), redraw_bound(res, t.slug)), t.slug)
        for t in built
    ]
    shortfalls = [(v, s) for v, s in shortfalls if not math.isnan(v)]
    if shortfalls:
        share, slug = min(shortfalls)
        rows.append(
            [
                "4",
                "plot redraws ≥ 10/s while data changes",
                f"worst {slug}: {num(g(f'{slug}.run.redraws_per_s'))}/s where the data allows "
                f"{num(redraw_bound(res, slug))}/s",
                met(share >= 0.9),
            ]
        )
    run_kib, run_slug = worst(res, built, "run.kib_per_s")
    paused_kib, paused_slug = worst(res, built, "paused.kib_per_s")
    fps2_kib, fps2_slug = worst(res, built, "fps2.kib_per_s")
    rows.append(
        [
            "5",
            "≤ 64 KiB/s running, ~0 paused, lower with --fps",
            f"worst running {run_slug} {num(run_kib)} KiB/s; paused {paused_slug} "
            f"{num(paused_kib)}; --fps 2 {fps2_slug} {num(fps2_kib)}",
            met(None if math.isnan(run_kib) else run_kib <= 64 and paused_kib <= 1),
        ]
    )
    for t in built:
        for phase in ("run", "paused"):
            res.figures.setdefault(
                f"{t.slug}.{phase}.total_cpu_pct",
                g(f"{t.slug}.{phase}.ui_cpu_pct") + g(f"{t.slug}.{phase}.compute_cpu_pct"),
            )
    run_cpu, run_cpu_slug = worst(res, built, "run.total_cpu_pct")
    idle_cpu, idle_cpu_slug = worst(res, built, "paused.total_cpu_pct")
    rows.append(
        [
            "6",
            "CPU ≤ 2 % paused/finished, ≤ 120 % running",
            f"worst paused {idle_cpu_slug} {num(idle_cpu)} %; running {run_cpu_slug} "
            f"{num(run_cpu)} % (UI + compute)",
            met(None if math.isnan(run_cpu) else idle_cpu <= 2 and run_cpu <= 120),
        ]
    )
    ui_growth, compute_growth = g("memory.ui.growth_pct"), g("memory.compute.growth_pct")
    rows.append(
        [
            "7",
            "memory growth ≤ 10 % with topic switches",
            f"UI {num(g('memory.ui.start_mib'))} → {num(g('memory.ui.end_mib'))} MiB "
            f"({pct(ui_growth)} %), compute {num(g('memory.compute.start_mib'))} → "
            f"{num(g('memory.compute.end_mib'))} MiB ({pct(compute_growth)} %) over "
            f"{num(g('memory.seconds'))} s (issue: 10 min)",
            met(None if math.isnan(ui_growth) else ui_growth <= 10 and compute_growth <= 10),
        ]
    )
    low, low_slug = worst(res, built, "throughput_ratio", high_is_bad=False)
    rows.append(
        [
            "8",
            "steps/s in the app ≥ 90 % of headless",
            f"worst {low_slug}: {num(low)}x",
            met(None if math.isnan(low) else low >= 0.9),
        ]
    )
    slow, slow_slug = worst(res, built, "step_frame_p95_ms")
    rows.append(
        [
            "9",
            "one step() + frame(), headless",
            f"slowest p95 {slow_slug}: {num(slow)} ms (median "
            f"{num(g(f'{slow_slug}.step_frame_median_ms'))} ms)",
            "info",
        ]
    )
    has_torch = g("ui.has_torch")
    rows.append(
        [
            "-",
            "the UI process never imports torch (README)",
            "libtorch mapped in the UI process: "
            + ("n/a" if math.isnan(has_torch) else "yes" if has_torch else "no"),
            met(None if math.isnan(has_torch) else not has_torch),
        ]
    )
    return table(["#", "target", "measured (same run)", "met"], rows)


def per_topic(res: Results, built: Sequence[Topic]) -> str:
    g = res.get
    rows = []
    for t in built:
        s = t.slug
        rows.append(
            [
                s,
                num(g(f"{s}.first_plot_s")),
                num(g(f"{s}.latency_p50_ms")),
                num(g(f"{s}.latency_p95_ms")),
                num(g(f"{s}.run.redraws_per_s")),
                num(redraw_bound(res, s)),
                num(g(f"{s}.run.kib_per_s")),
                num(ratio(g(f"{s}.run.kib_per_s"), g(f"{s}.run.redraws_per_s"))),
                num(g(f"{s}.paused.kib_per_s")),
                num(g(f"{s}.fps2.redraws_per_s")),
                num(g(f"{s}.fps2.kib_per_s")),
                num(g(f"{s}.restarts")),
            ]
        )
    return table(
        [
            "topic",
            "first plot s",
            "key p50 ms",
            "key p95 ms",
            "redraws/s",
            "data allows/s",
            "KiB/s running",
            "KiB/redraw",
            "KiB/s paused",
            "redraws/s fps 2",
            "KiB/s fps 2",
            "restarts (r)",
        ],
        rows,
    )


def cpu(res: Results, built: Sequence[Topic]) -> str:
    g = res.get
    rows = []
    for t in built:
        s = t.slug
        rows.append(
            [s]
            + [
                num(g(f"{s}.{phase}.{part}_cpu_pct"))
                for phase in ("run", "paused")
                for part in ("ui", "compute", "total")
            ]
            + [num(g(f"{s}.run.harness_cpu_pct"))]
        )
    headers = ["topic", "UI running", "compute running", "total running"]
    headers += ["UI paused", "compute paused", "total paused", "harness (pty+pyte) running"]
    return table(headers, rows)


def throughput(res: Results, built: Sequence[Topic]) -> str:
    g = res.get
    rows = []
    for t in built:
        s = t.slug
        rows.append(
            [
                s,
                f"{t.pace:g}",
                num(g(f"{s}.app_steps_per_s")),
                num(g(f"{s}.headless_steps_per_s")),
                num(g(f"{s}.throughput_ratio")),
                num(g(f"{s}.step_frame_median_ms")),
                num(g(f"{s}.step_frame_p95_ms")),
                num(g(f"{s}.step_frame_n")),
            ]
        )
    headers = ["topic", "pace s", "steps/s app", "steps/s headless", "ratio"]
    headers += ["step+frame median ms", "p95 ms", "n"]
    return table(headers, rows)


def memory(res: Results) -> str:
    g = res.get
    rows = []
    for name in ("ui", "compute"):
        rows.append(
            [
                "UI (qa-tui)" if name == "ui" else "compute (demos.engine)",
                num(g(f"memory.{name}.start_mib")),
                num(g(f"memory.{name}.after_cycle_mib")),
                num(g(f"memory.{name}.end_mib")),
                pct(g(f"memory.{name}.growth_pct")),
                pct(g(f"memory.{name}.growth_after_cycle_pct")),
            ]
        )
    headers = ["process", "RSS MiB at start", "after one cycle", "at end"]
    headers += ["growth %", "growth after cycle %"]
    return table(headers, rows)


def render(
    info: dict[str, str],
    opts: Options,
    res: Results,
    built: Sequence[Topic],
    not_built: Sequence[Topic],
) -> str:
    out = [
        f"## qa-tui performance ({'quick' if opts.quick else 'full'} run, "
        f"{info.get('run at', time.strftime('%Y-%m-%d %H:%M'))})",
        "",
        table(["machine", ""], [[k, v] for k, v in info.items()]),
        "",
        "### Targets (issue 6)",
        "",
        summary(res, built),
        "",
        f"Startup: median of {opts.rounds} run(s) on `--topic {res.meta.get('startup_topic')}`; "
        f"Latency: {opts.presses} presses on each topic's first numeric parameter, alternating "
        "right/left while it runs; the paused figures are for the first topic. "
        '"data allows" is how often the charts change, drawn at 50x12, in frames taken at '
        "10 fps headless (at most 10; a change smaller than a cell cannot show on screen); "
        "target 4 counts as met at ≥ 90 % of it. Restarts (r) keep short demos "
        "running; each adds a redraw or two.",
        "",
        "### Per topic at defaults: key latency, redraws and bytes "
        f"(windows of {opts.window:g} s running, from {opts.settle:g} s after step "
        f"{WARM_STEPS}, and {opts.paused_window:g} s paused)",
        "",
        per_topic(res, built),
        "",
        "### CPU, % of one core",
        "",
        cpu(res, built),
        "",
        "### Throughput and one step() + frame() (headless, 1 torch thread)",
        "",
        throughput(res, built),
        "",
        f"### Memory: {num(res.get('memory.seconds'))} s with "
        f"{num(res.get('memory.switches'))} topic switches (digit keys)",
        "",
        memory(res),
    ]
    if not_built:
        out += ["", "Not built: " + ", ".join(t.slug for t in not_built)]
    if res.notes:
        out += ["", "Notes:", *(f"- {note}" for note in res.notes)]
    out += ["", f"Benchmark took {num(res.get('bench.seconds'))} s."]
    return "\n".join(out)
