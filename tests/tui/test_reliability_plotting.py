"""tui.plotting.render on hostile data: inf, -inf, nan, 1e308, equal values, empty series, single
points, log axes over zeros and negatives, images with nan, tiny and big sizes.

render runs on the chart thread (PlotView): an exception there blanks a chart and a slow render
holds every later chart back, so each case must return, within a few seconds even on a busy CI
machine (a chart takes milliseconds). Cases run in a forked child (tests/render_guard.py)
because some inputs once made plotext allocate gigabytes.
"""

from __future__ import annotations

import math
import re

import pytest

from demos.base import Plot, Series
from tests.render_guard import render_guarded

INF, NAN = math.inf, math.nan
SIZES = [(20, 7), (300, 100)]  # about the smallest a chart is drawn at (smaller: "too small")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NONFINITE_TEXT = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)

# y values; x is 0, 1, 2, ... (and, for lines and points, the same values again as x)
DATA: dict[str, tuple[float, ...]] = {
    "inf": (1.0, INF, 2.0, 3.0),
    "-inf": (1.0, -INF, 2.0, 3.0),
    "nan": (NAN, 1.0, 2.0, NAN, 3.0),
    "all nan": (NAN, NAN, NAN),
    "all inf": (INF, -INF, INF),
    "1e308": (1e308, -1e308, 0.0, 1.0, 2.0),
    "only 1e308": (1e308, 1.7e308),
    "1e149": (1e149, -1e149, 0.0),
    "subnormal": (5e-324, 1e-320, 1e-310),
    "all equal": (3.0,) * 50,
    "all zero": (0.0,) * 5,
    "empty": (),
    "negative": (-1.0, -2.0, -3.0),
    "zeros and negatives": (0.0, -1.0, 1.0, 10.0, 1e-5),
    "long": tuple(math.sin(i / 10) for i in range(5_000)),
}
AXES = [(False, False), (False, True), (True, True)]  # (xlog, ylog)


def visible_text(lines: list[str]) -> str:
    return ANSI.sub("", "\n".join(lines))


def assert_draws(
    plot: Plot, sizes: list[tuple[int, int]] = SIZES, timeout: float = 6.0
) -> list[list[str]]:
    outcome = render_guarded(plot, sizes, timeout)
    assert outcome.ok, f"{outcome.detail} ({outcome.seconds:.1f} s)"
    for (width, height), lines in zip(sizes, outcome.results, strict=True):
        assert isinstance(lines, list) and all(isinstance(line, str) for line in lines)
        assert any(line.strip() for line in lines), f"nothing drawn at {width}x{height}"
        shown = visible_text(lines)
        assert not NONFINITE_TEXT.search(shown.replace("finite", "")), shown
    return outcome.results


@pytest.mark.parametrize("kind", ["line", "scatter"])
@pytest.mark.parametrize("name", list(DATA))
def test_series_of_hostile_values_draw_on_every_axis(name: str, kind: str) -> None:
    ys = DATA[name]
    for xlog, ylog in AXES:
        series = (Series("s", ys, kind=kind), Series("x too", ys, x=ys, kind=kind))  # type: ignore[arg-type]
        assert_draws(Plot("hostile", series, "x", "y", xlog=xlog, ylog=ylog))


@pytest.mark.parametrize(
    "name",
    [pytest.param(name) for name in DATA],
)
def test_bars_of_hostile_values_draw_on_every_axis(name: str) -> None:
    for xlog, ylog in AXES:
        plot = Plot("bars", (Series("s", DATA[name], kind="bar"),), xlog=xlog, ylog=ylog)
        assert_draws(plot, timeout=6.0)


@pytest.mark.parametrize("ys", [(100.0, 101.0, 102.0), (1000.0, 1001.0)], ids=["100", "1000"])
def test_bars_far_from_zero_draw(ys: tuple[float, ...]) -> None:
    assert_draws(Plot("t", (Series("s", ys, kind="bar"),)), [(80, 24)], timeout=4.0)


def test_nothing_finite_says_so() -> None:
    plot = Plot("t", (Series("s", (NAN, INF, -INF)),))
    (lines,) = assert_draws(plot, [(80, 24)])
    assert "no finite values" in visible_text(lines)


def test_log_axes_drop_zeros_and_negatives_and_label_in_powers_of_ten() -> None:
    plot = Plot("t", (Series("s", (0.0, -5.0, 1e-3, 1.0, 1e3)),), ylog=True)
    (lines,) = assert_draws(plot, [(80, 24)])
    shown = visible_text(lines)
    assert "1k" in shown and "0.001" in shown, shown  # ticks at powers of ten, compact


@pytest.mark.parametrize(
    ("xlim", "ylim"),
    [((NAN, 1.0), None), ((INF, -INF), (INF, -INF)), ((2.0, 1.0), (3.0, -3.0)), ((5.0, 5.0), None)],
    ids=["nan", "inf", "reversed", "equal"],
)
def test_odd_fixed_limits_draw(xlim, ylim) -> None:  # type: ignore[no-untyped-def]
    assert_draws(
        Plot("t", (Series("s", (4.0, 5.0, 6.0), x=(4.0, 5.0, 6.0)),), xlim=xlim, ylim=ylim)
    )


@pytest.mark.parametrize(
    "image",
    [
        ((NAN, 1.0), (2.0, 3.0)),
        ((NAN, NAN), (NAN, NAN)),
        ((INF, -INF), (0.0, 1.0)),
        ((1.0, 1.0), (1.0, 1.0)),
        ((5.0,),),
        (tuple(float(i) for i in range(1000)),),
        tuple((float(i),) for i in range(1000)),
        tuple(tuple(math.sin(i * j) for j in range(64)) for i in range(64)),
    ],
    ids=["nan", "all-nan", "inf", "flat", "one-pixel", "one-row", "one-column", "64x64"],
)
@pytest.mark.parametrize("title", ["image", ""])
def test_images_draw(image, title: str) -> None:  # type: ignore[no-untyped-def]
    assert_draws(Plot(title, image=image))


@pytest.mark.parametrize("name", ["inf", "nan", "1e308", "all equal", "long"])
def test_too_small_a_place_says_so_instead_of_drawing(name: str) -> None:
    series = (Series("s", DATA[name]), Series("b", DATA[name], kind="bar"))
    for plot in (Plot("t", series, "x", "y"), Plot("img", image=((1.0, 2.0), (3.0, 4.0)))):
        outcome = render_guarded(plot, [(12, 4)])
        assert not outcome.ok and "TooSmall" in outcome.detail, outcome.detail


def test_empty_image_draws_nothing_without_raising() -> None:
    for image in ((), ((),)):
        outcome = render_guarded(Plot("img", image=image), SIZES)  # type: ignore[arg-type]
        assert outcome.ok, outcome.detail


# --- known failures of tui/plotting.py (see the reliability report) -----------------------------


def test_a_single_bar_draws() -> None:
    assert_draws(Plot("t", (Series("s", (7.0,), x=(0.0,), kind="bar"),)), [(80, 24)], timeout=4.0)


def test_an_image_spanning_1e308_draws() -> None:
    assert_draws(Plot("img", image=((1e308, -1e308), (0.0, 1.0))), [(80, 24)], timeout=4.0)


def test_fixed_limits_of_1e308_draw() -> None:
    plot = Plot("t", (Series("s", (1.0, 2.0, 3.0)),), xlim=(1e308, -1e308), ylim=(1e308, -1e308))
    assert_draws(plot, [(80, 24)], timeout=4.0)


@pytest.mark.parametrize(
    ("ys", "ylim"), [((0.0, 1e6), (-1.0, 1.0)), ((1.0, 2.0, 3.0), (0.0, 0.0))], ids=["1e6", "zero"]
)
def test_a_line_leaving_its_fixed_limits_draws(ys, ylim) -> None:  # type: ignore[no-untyped-def]
    assert_draws(Plot("t", (Series("s", ys),), ylim=ylim), [(80, 24)], timeout=4.0)


def test_a_chart_with_no_series_yet_says_so() -> None:
    (lines,) = assert_draws(Plot("t"), [(80, 24)])
    assert "no data yet" in visible_text(lines)
