"""CI smoke run of the benchmark: one topic, short windows. It checks that every figure comes out
as a finite number and that the table prints; it asserts no timing (machines are noisy)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "gradient"
EXPECTED = [
    "startup.hello_paint_s",
    "startup.first_paint_s",
    "startup.first_paint_ratio",
    "startup.import_torch_s",
    "startup.first_plot_s",
    "startup.first_plot_minus_torch_s",
    "latency.p50_ms",
    "latency.p95_ms",
    "latency.paused_p50_ms",
    "latency.charts_blanked_pct",
    "latency.hello_p50_ms",
    "latency.hello_p95_ms",
    "ui.has_torch",
    *(
        f"{TOPIC}.{phase}.{figure}"
        for phase in ("run", "paused", "fps2")
        for figure in ("redraws_per_s", "kib_per_s", "ui_cpu_pct", "compute_cpu_pct")
    ),
    f"{TOPIC}.first_plot_s",
    f"{TOPIC}.app_steps_per_s",
    f"{TOPIC}.headless_steps_per_s",
    f"{TOPIC}.throughput_ratio",
    f"{TOPIC}.step_frame_median_ms",
    f"{TOPIC}.step_frame_p95_ms",
    *(f"memory.{p}.{f}" for p in ("ui", "compute") for f in ("start_mib", "end_mib", "growth_pct")),
]


@pytest.mark.skipif(shutil.which("qa-tui") is None, reason="qa-tui is not installed")
def test_quick_benchmark_produces_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    argv = [sys.executable, "-m", "tests.perf.bench", "--quick", "--topics", TOPIC]
    argv += ["--seconds", "3", "--window", "1.5", "--presses", "6", "--json", str(out)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "### Targets (issue 6)" in done.stdout
    figures = json.loads(out.read_text())["figures"]
    missing = [key for key in EXPECTED if key not in figures]
    assert not missing, missing
    not_finite = {key: value for key, value in figures.items() if not math.isfinite(value)}
    assert not not_finite, not_finite


def test_the_report_renders_when_figures_are_missing_or_zero() -> None:
    from demos import TOPICS
    from tests.perf.bench import Results, parse
    from tests.perf.report import render

    res = Results()
    res.put(f"{TOPICS[0].slug}.run.kib_per_s", 0.0)
    res.put(f"{TOPICS[0].slug}.run.redraws_per_s", 0.0)
    text = render({"cpu": "test"}, parse(["--quick"]), res, TOPICS[:2], ())
    assert "### Targets (issue 6)" in text
    assert "n/a" in text


def test_redraw_check_counts_frames_and_screen_updates() -> None:
    argv = [sys.executable, "-m", "tests.perf.redraws", TOPIC, "--seconds", "1.5"]
    argv += ["--settle", "0.5"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    row = next(line for line in done.stdout.splitlines() if line.startswith(f"| {TOPIC} |"))
    frames, changes, drawn = (int(cell) for cell in row.strip("| ").split(" | ")[1:])
    assert frames > 0 and changes > 0 and drawn > 0, row
