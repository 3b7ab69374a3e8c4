"""Charts that tell the truth (issue 13): compact tick labels on the row of their exact value,
sane axes for a single point, clipping shown at the edge, bars from zero, area-averaged images,
a "too small" message instead of an empty box, and series that differ without colour."""

from __future__ import annotations

import math
import re

import pytest
from rich.console import Console
from rich.style import Style

from demos.base import Plot, Series
from tui import plotting
from tui.axes import LABEL_WIDTH, Axis, compact, ticks
from tui.plotting import TooSmall, render
from tui.widgets.plot_view import ZOOM_HINT, draw

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BRAILLE, BRAILLE_END = "\u2801", "\u28ff"  # a braille cell with at least one dot
SUFFIX = {"k": 1e3, "M": 1e6}


def text(lines: list[str]) -> list[str]:
    return [ANSI.sub("", line) for line in lines]


def number(label: str) -> float:
    """A compact label read back: 1.5k -> 1500."""
    label = label.strip()
    if label[-1:] in SUFFIX:
        return float(label[:-1]) * SUFFIX[label[-1]]
    return float(label)


def y_axis(lines: list[str]) -> tuple[int, list[tuple[int, float]], list[int]]:
    """(column of the y axis, [(line index, value) of each tick label], line indexes of the data
    rows) of a rendered chart."""
    shown = text(lines)
    corner = next(i for i, line in enumerate(shown) if "└" in line)
    column = shown[corner].index("└")
    rows = [i for i in range(corner) if len(shown[i]) > column and shown[i][column] in "┤│"]
    labels = [(i, number(shown[i][:column])) for i in rows if shown[i][column] == "┤"]
    return column, labels, rows


# --- compact labels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        (2.3e25, 1e24, "2.3e25"),
        (1500.0, 500.0, "1.5k"),
        (0.001, 0.001, "0.001"),
        (-0.5, 0.5, "-0.5"),
        (0.0, 0.25, "0"),
        (1e6, 1e6, "1M"),
        (0.75, 0.25, "0.75"),
    ],
)
def test_compact_labels(value: float, step: float, expected: str) -> None:
    assert compact(value, step) == expected


@pytest.mark.parametrize("power", range(-12, 40, 3))
@pytest.mark.parametrize("mantissa", [1.0, -2.5, 7.5])
def test_compact_labels_are_short_and_near(power: int, mantissa: float) -> None:
    step = abs(mantissa) * 10.0**power
    for k in (1, 2, 3, -4):
        label = compact(k * step, step)
        assert len(label) <= LABEL_WIDTH, label
        assert abs(number(label) - k * step) <= step / 2, label


@pytest.mark.parametrize("lo", [-3.7e25, -0.0123, 0.5, 1234.5, 7.25e-12, 99_999.0])
@pytest.mark.parametrize("cells", [3, 8, 20, 70])
def test_tick_labels_are_exact_and_short(lo: float, cells: int) -> None:
    for span in (abs(lo) * 0.01, abs(lo) * 3, abs(lo) * 100):
        axis = Axis(lo, lo + span, cells)
        marks = ticks(axis, 6, 1)
        assert marks
        for cell, label in marks:
            assert len(label) <= LABEL_WIDTH
            assert axis.cell(number(label)) == cell, (label, cell)


def test_a_diverged_run_keeps_the_chart_wide() -> None:
    loss = (1.0, 3.0, 1e5, 1e12, 22539340290701752381997056.0)
    lines = render(Plot("loss", (Series("loss", loss),), "step", "loss"), 80, 20)
    column, labels, _ = y_axis(lines)
    assert column <= LABEL_WIDTH, text(lines)
    assert len(labels) >= 2


# --- ticks on the rows of their values ----------------------------------------------------------

DATA = [
    (0.49, 0.93, 1.37, 0.7),
    (0.214, 0.72, 0.964, 0.5, 0.72),
    (-3.0, 12.5, 7.0),
    (1e-4, 3e-4, 2e-4),
    (1e24, 2.25e25, 1e25),
]


@pytest.mark.parametrize("ys", DATA, ids=[str(d[0]) for d in DATA])
@pytest.mark.parametrize("height", [7, 8, 9, 12, 16, 23])
def test_each_tick_label_is_on_the_row_where_its_value_is_drawn(
    ys: tuple[float, ...], height: int
) -> None:
    data = Series("data", ys, kind="scatter", marker="x")
    _, labels, _ = y_axis(render(Plot("t", (data,)), 50, height))
    assert len(labels) >= 2
    assert [v for _, v in labels] == sorted((v for _, v in labels), reverse=True)
    for row, value in labels:  # a braille line at the label's value, inside the data's range
        probe = Series("probe", (value, value), (0.5, 1.5), marker="braille")
        lines = render(Plot("t", (data, probe)), 50, height)
        _, _, rows = y_axis(lines)
        drawn = [i for i in rows if any(BRAILLE <= c <= BRAILLE_END for c in text(lines)[i])]
        assert drawn == [row], f"{value} labelled on line {row}, drawn on {drawn}"


def x_axis(lines: list[str]) -> list[tuple[int, float]]:
    """(column, value) of each x tick of a rendered chart: the "┬" and the label under it."""
    shown = text(lines)
    corner = next(i for i, line in enumerate(shown) if "└" in line)
    labels = shown[corner + 1]
    out = []
    for column, mark in enumerate(shown[corner]):
        if mark == "┬":
            start = labels.rfind(" ", 0, column + 1) + 1
            end = labels.find(" ", column)
            out.append((column, number(labels[start : end if end >= 0 else None])))
    return out


@pytest.mark.parametrize("width", [30, 47, 80, 133])
@pytest.mark.parametrize("xs", [(0.0, 200.0), (-3.3, 7.1), (0.001, 0.0042), (1e3, 2.5e5)])
def test_each_x_tick_is_on_the_column_where_its_value_is_drawn(
    xs: tuple[float, float], width: int
) -> None:
    data = Series("data", (0.0, 1.0), xs, kind="scatter", marker="x")
    ticks_ = x_axis(render(Plot("t", (data,)), width, 12))
    assert ticks_
    for column, value in ticks_:  # a vertical braille line at the tick's value
        probe = Series("probe", (0.2, 0.8), (value, value), marker="braille")
        lines = text(render(Plot("t", (data, probe)), width, 12))
        _, _, rows = y_axis(lines)
        drawn = {c for i in rows for c, ch in enumerate(lines[i]) if BRAILLE <= ch <= BRAILLE_END}
        assert drawn == {column}, f"{value} ticked at column {column}, drawn at {drawn}"


def test_the_ct_plain_line_is_drawn_where_the_export_says() -> None:
    """The CT sweep's plain error is 0.72: its line must be on the row that holds 0.72, below
    a tick of 0.8 (it was drawn on a row labelled 0.78)."""
    plain = Series("plain", (0.72, 0.718, 0.72, 0.721), (1.0, 8.0, 45.0, 180.0))
    filtered = Series("filtered", (0.964, 0.653, 0.224, 0.214), (1.0, 8.0, 45.0, 180.0))
    for height in (8, 10, 14, 20):
        lines = render(Plot("ct", (plain, filtered), xlog=True), 60, height)
        _, labels, rows = y_axis(lines)
        shown = text(lines)
        plain_rows = [i for i in rows if any(BRAILLE <= c <= BRAILLE_END for c in shown[i])]
        for row in plain_rows:
            above = [v for i, v in labels if i < row]
            below = [v for i, v in labels if i > row]
            assert all(v > 0.72 for v in above) and all(v < 0.721 for v in below), shown


# --- axes of a single point ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, 3.0, -1e-9, 0.72, 1e20])
def test_a_single_point_gets_a_sane_axis(value: float) -> None:
    lines = render(Plot("t", (Series("loss", (value,)),)), 40, 12)
    _, labels, _ = y_axis(lines)
    values = [v for _, v in labels]
    assert len(values) >= 2, text(lines)
    assert min(values) <= value <= max(values) or len(values) == 1
    spread = max(values) - min(values)
    assert spread >= 1e-3 * abs(value) and (value != 0 or spread >= 1), text(lines)
    assert all(len(text(lines)[i].split("┤")[0].strip()) <= LABEL_WIDTH for i, _ in labels)


# --- clipping -----------------------------------------------------------------------------------


def test_values_beyond_a_fixed_range_are_clipped_at_the_edge_with_an_arrow() -> None:
    ys = (0.0, 0.5, 3.0, 0.2, -2.0, 0.1)
    lines = render(Plot("t", (Series("s", ys),), ylim=(-1.0, 1.0)), 40, 12)
    _, _, rows = y_axis(lines)
    shown = text(lines)
    assert "▲" in shown[rows[0]] and "▼" in shown[rows[-1]], shown
    assert not any("▲" in shown[i] or "▼" in shown[i] for i in rows[1:-1])
    inside = render(Plot("t", (Series("s", (0.0, 0.5, 0.9)),), ylim=(-1.0, 1.0)), 40, 12)
    assert not any("▲" in line or "▼" in line for line in text(inside))


# --- bars ---------------------------------------------------------------------------------------

BLOCKS = set("▁▂▃▄▅▆▇█▀▒░")


def canvas_chars(lines: list[str]) -> str:
    if not any("└" in line for line in text(lines)):
        return ""  # no data yet
    column, _, rows = y_axis(lines)
    shown = text(lines)
    return "".join(shown[i][column + 1 :] for i in rows)


def test_a_zero_bar_draws_nothing_and_a_small_one_draws_something() -> None:
    """Padding's attention leak: rows without padding leak exactly 0 and must look empty."""
    for ys in ((0.0, 0.0, 0.3, 0.0), (0.0, 0.05, 0.0, 0.0)):
        plot = Plot("leak", (Series("no mask", ys, kind="bar"),), ylim=(0.0, 1.0))
        lines = render(plot, 40, 12)
        column, _, rows = y_axis(lines)
        shown = text(lines)
        filled = sorted(
            {c for i in rows for c, ch in enumerate(shown[i][column + 1 :]) if ch in BLOCKS}
        )
        assert filled, shown  # the non-zero bar shows, even at 0.05
        assert filled == list(range(filled[0], filled[-1] + 1)), shown  # and only it
    assert "█" not in canvas_chars(lines), shown  # 0.05 of 1: less than a row, not a full one


def test_bars_start_at_zero() -> None:
    plot = Plot("t", (Series("b", (-1.0, 0.0, 2.0), kind="bar"),))
    lines = render(plot, 40, 14)
    _, labels, rows = y_axis(lines)
    shown = text(lines)
    zero_line = next(i for i, v in labels if v == 0)
    up = [i for i in rows if "█" in shown[i] or set("▁▂▃▄▅▆▇") & set(shown[i])]
    assert min(up) < zero_line and max(up) >= zero_line - 1, shown


# --- images -------------------------------------------------------------------------------------


def grey_levels(lines: list[str]) -> list[list[int]]:
    """The grey code of every pixel (two per cell) of a rendered image."""
    pixels: list[list[int]] = []
    for line in lines:
        top: list[int] = []
        bottom: list[int] = []
        current = (0, 0)
        for match in re.finditer(r"\x1b\[38;5;(\d+);48;5;(\d+)m|(▀)", line):
            if match.group(3):
                top.append(current[0])
                bottom.append(current[1])
            else:
                current = (int(match.group(1)), int(match.group(2)))
        if top:
            pixels += [top, bottom]
    return pixels


@pytest.mark.parametrize(("width", "height"), [(16, 8), (22, 11), (32, 16), (44, 22), (30, 15)])
def test_images_are_area_averaged_so_the_exact_reconstruction_looks_like_the_phantom(
    width: int, height: int
) -> None:
    """Drawn grey levels against the phantom averaged exactly over each cell's area (each pixel
    split k x k, then whole blocks averaged): the exact (100 %) reconstruction must be at least
    as close as the 8 % one. Nearest-neighbour picks made it the worse of the two."""
    torch = pytest.importorskip("torch")
    from demos.lessons.images_mri_k_space import SIZE, kspace_mask
    from demos.lessons.images_mri_k_space import reconstruct as mri_reconstruct
    from demos.phantom import head_phantom

    truth = head_phantom(SIZE).double()
    spectrum = torch.fft.fft2(truth)

    def drawn(image) -> torch.Tensor:  # type: ignore[no-untyped-def]
        plot = Plot("", image=tuple(tuple(r) for r in image.tolist()))
        levels = grey_levels(render(plot, width, height))
        return (torch.tensor(levels, dtype=torch.float64) - 232) / 2

    def exact_average(rows: int, cols: int) -> torch.Tensor:
        k = math.lcm(SIZE, rows, cols) // SIZE
        fine = truth.repeat_interleave(k, 0).repeat_interleave(k, 1)
        return fine.reshape(rows, SIZE * k // rows, cols, SIZE * k // cols).mean(dim=(1, 3))

    def error(levels: torch.Tensor) -> float:
        """Mean |difference| after the best affine map from grey levels to intensity."""
        reference = exact_average(*levels.shape).flatten()[:, None]
        design = torch.stack([levels.flatten(), torch.ones(levels.numel(), dtype=levels.dtype)], 1)
        fit = torch.linalg.lstsq(design, reference).solution
        return (design @ fit - reference).abs().mean().item()

    full = error(drawn(mri_reconstruct(spectrum, kspace_mask(SIZE, 100.0))))
    partial = error(drawn(mri_reconstruct(spectrum, kspace_mask(SIZE, 8.0))))
    assert full <= partial, (full, partial)
    assert full <= 0.025, full  # about the 12 grey levels' own rounding


# --- too small ----------------------------------------------------------------------------------

LINES = Plot("loss", (Series("a", (1.0, 0.5, 0.2)), Series("b", (0.3, 0.2, 0.1))), "step", "y")


@pytest.mark.parametrize(
    ("width", "height"), [(12, 3), (30, 4), (40, 5), (16, 5), (11, 30), (10, 1), (30, 1)]
)
def test_a_chart_too_small_to_draw_says_so(width: int, height: int) -> None:
    rows = draw(LINES, width, height, Style(), Console())
    shown = " ".join(line for line, _ in rows)
    assert ("too small" in shown and "z" in shown.split()) or "zoom" in shown, shown
    assert not any(c in shown for c in "┤└"), shown  # no empty box


def test_the_zoom_hint_names_the_key() -> None:
    assert "z" in ZOOM_HINT.split() and "too small" in ZOOM_HINT


@pytest.mark.parametrize("height", range(4, 14))
@pytest.mark.parametrize("width", [14, 20, 30, 60])
def test_tick_labels_never_run_upside_down(width: int, height: int) -> None:
    try:
        lines = render(LINES, width, height)
    except TooSmall:
        return
    _, labels, _ = y_axis(lines)
    values = [v for _, v in labels]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)


# --- colour and no colour -----------------------------------------------------------------------


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_every_series_colour_contrasts_3_to_1_with_the_default_themes(theme: str) -> None:
    from rich.color import Color
    from textual.app import App
    from textual.color import Color as ThemeColor

    app = App()
    app.theme = theme
    variables = app.get_css_variables()
    dark = app.current_theme.dark
    colors = plotting.COLORS_DARK if dark else plotting.COLORS_LIGHT
    assert set(colors) >= set(plotting.PALETTE)
    for name in ("background", "surface"):  # charts sit on the screen's background
        back = ThemeColor.parse(variables[name]).rgb
        for code in colors.values():
            rgb = tuple(Color.from_ansi(code).get_truecolor())
            assert contrast(rgb, back) >= 3.0, (theme, name, code)  # type: ignore[arg-type]


def first_frames() -> list[tuple[str, Plot]]:
    pytest.importorskip("torch")
    from demos import SLUGS, get_topic, headless

    charts = []
    for slug in SLUGS:
        topic = get_topic(slug)
        modes = next((p.choices for p in topic.params if p.name == "mode"), (None,))
        for mode in modes:
            frame = headless.run(slug, {"mode": mode} if mode else {}, steps=3)
            charts += [(f"{slug}:{mode}", p) for p in frame.plots if p.image is None]
    return charts


@pytest.fixture(scope="module")
def charts() -> list[tuple[str, Plot]]:
    return first_frames()


def drawn_characters(plot: Plot, keep: int, width: int, height: int) -> set[str]:
    """The characters series `keep` draws, the others emptied (markers stay as they were)."""
    alone = tuple(
        s if i == keep else Series(s.label, (), (), s.kind, s.color, s.marker)
        for i, s in enumerate(plot.series)
    )
    marks = plotting.looks(plot)
    fixed = tuple(
        Series(s.label, s.y, s.x, s.kind, s.color, look.marker)
        for s, look in zip(alone, marks, strict=True)
    )
    chars = set(
        canvas_chars(
            render(
                Plot(
                    plot.title,
                    fixed,
                    xlim=plot.xlim,
                    ylim=plot.ylim,
                    xlog=plot.xlog,
                    ylog=plot.ylog,
                ),
                width,
                height,
            )
        )
    )
    return chars - set(" ▲▼◀▶")


def test_without_colour_every_series_of_every_chart_has_its_own_characters(
    charts: list[tuple[str, Plot]],
) -> None:
    for name, plot in charts:
        marks = plotting.looks(plot)
        assert len({m.marker for m in marks}) == len(marks), name
        legend = " ".join(text(render(plot, 120, 30))[:3])
        for series, look in zip(plot.series, marks, strict=True):
            if series.label:
                assert f"{look.glyph} {series.label}" in legend, (name, series.label, legend)
        drawn = [drawn_characters(plot, i, 80, 20) for i in range(len(plot.series))]
        for i in range(len(drawn)):
            for j in range(i):
                shared = drawn[i] & drawn[j]
                assert not shared, (name, plot.series[i].label, plot.series[j].label, shared)


def test_naive_and_masked_means_differ_by_more_than_colour(charts: list[tuple[str, Plot]]) -> None:
    means = next(plot for name, plot in charts if name.startswith("padding:") and plot.series)
    marks = {s.label: m.marker for s, m in zip(means.series, plotting.looks(means), strict=True)}
    assert marks["naive"] != marks["masked"]


@pytest.mark.parametrize(("theme", "dark"), [("textual-dark", True), ("textual-light", False)])
async def test_a_chart_picks_the_colours_of_its_background(theme: str, dark: bool) -> None:
    from textual.app import App, ComposeResult

    from tui.widgets.plot_view import PlotView, is_dark

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield PlotView()

    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        app.theme = theme
        await pilot.pause()
        view = app.query_one(PlotView)
        base = view.base_style()
        assert is_dark(base) is dark
        plot = Plot("t", (Series("s", (1.0, 2.0), color="blue"),))
        lines = [line for line, _ in draw(plot, 60, 20, base, app.console)]
        code = (plotting.COLORS_DARK if dark else plotting.COLORS_LIGHT)["blue"]
        assert any(f"38;5;{code}m" in line for line in lines)


def test_a_series_drawn_behind_neither_sets_the_range_nor_covers_the_others() -> None:
    from demos.base import Plot, Series
    from tui.plotting import render

    now = Series("now", (1.0, 2.0, 3.0, 4.0))
    ghost = Series("before", (1e-40, 1e3, 1.0, 2.0), color="gray", marker="·", behind=True)
    with_ghost = render(Plot("loss", (now, ghost)), 60, 16)
    alone = render(Plot("loss", (now,)), 60, 16)
    axis = [line.split("┤")[0].strip() for line in with_ghost if "┤" in line]
    assert axis == [line.split("┤")[0].strip() for line in alone if "┤" in line]
    assert "▲" not in "".join(with_ghost) and "▼" not in "".join(with_ghost)  # no clip marks
    body = [line for line in with_ghost if "┤" in line or "│" in line]
    assert any("·" in line for line in body)  # the part inside the range is drawn


def test_bars_at_whole_positions_get_whole_ticks() -> None:
    import re

    from demos.base import Plot, Series
    from tui.plotting import render

    heights = (5.0, 4.0, 6.0, -5.0, 0.0, 3.0, 7.0, 2.0, 1.0, 4.0, 6.0, 5.0)
    lines = render(Plot("NumPy array", (Series("array", heights, kind="bar"),)), 50, 14)
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    axis = next(i for i, line in enumerate(plain) if "└" in line)
    labels = [float(v) for v in plain[axis + 1].split()]
    assert len(labels) >= 2 and all(v.is_integer() for v in labels), plain[axis + 1]
