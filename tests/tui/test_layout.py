"""The layout at the sizes students meet (80x24 over SSH, 120x40): each panel's primary chart
tall enough to read, nothing on screen cut with "…", and the keys that make room (v, z, a)."""

from __future__ import annotations

import html
import re

import pytest

from demos import TOPICS
from tui.widgets.plot_grid import SOLO_COLS, SOLO_ROWS, arrange
from tui.widgets.plot_view import PlotView

from .helpers import fresh_frame, wait_for
from .keyfuzz import keys_without_idle_wait

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MIN_INNER = {(80, 24): 8, (120, 40): 12}  # rows inside the primary chart's frame
PANELS = [
    (topic.slug, mode)
    for topic in TOPICS
    for mode in (topic.param("mode").choices if "mode" in topic.defaults() else ("",))
]


@pytest.fixture(autouse=True)
def quick_keys():  # type: ignore[no-untyped-def]
    with keys_without_idle_wait():  # a demo runs on a thread here: the process is never idle
        yield


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every character on the screen (from the app's SVG screenshot, its public export)."""
    return html.unescape(re.sub(r"<[^>]*>", "", app.export_screenshot()))


def widget_lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines a line-API widget (a TextBlock) shows."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def chart_lines(view: PlotView) -> list[str]:
    return [ANSI.sub("", line) for line in view.lines]


def inner_rows(view: PlotView) -> int:
    """Rows of a chart's plot area (beside its y axis, above its x axis), or an image's rows
    of pixels."""
    lines = chart_lines(view)
    assert view.plot is not None
    if view.plot.image is not None:
        return sum("▀" in line for line in lines)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)  # the x axis
    return sum(any(edge in line for edge in "┤│") for line in lines[:bottom])


async def settle(pilot, steps: int = 3) -> None:  # type: ignore[no-untyped-def]
    """A few frames in, and the newest of them drawn."""
    panel = pilot.app.panel
    await fresh_frame(pilot)
    await wait_for(
        pilot,
        lambda: (
            panel.frame is not None
            and (panel.frame.step >= steps or panel.frame.status != "running")
        ),
    )
    await pilot.pause(0.15)
    await fresh_frame(pilot)
    grid = panel.grid
    await wait_for(pilot, lambda: all(v.lines for v in grid.query(PlotView) if v.display))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("slug, mode", PANELS, ids=[f"{s}-{m}" if m else s for s, m in PANELS])
async def test_primary_chart_is_tall_and_nothing_is_cut(make_app, slug, mode, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug=slug, values={"mode": mode} if mode else None)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        frame = app.panel.frame
        primary = app.main_screen.query_one("#plot-0", PlotView)
        assert primary.plot is not None and primary.plot.title == frame.plots[0].title
        assert inner_rows(primary) >= MIN_INNER[size], chart_lines(primary)
        for view in app.main_screen.query(PlotView):
            if view.display and view.plot is not None and view.plot.title:
                assert any(view.plot.title in line for line in chart_lines(view)[:3]), (
                    f"title cut: {view.plot.title!r} in {chart_lines(view)[:3]}"
                )
        assert "…" not in screen_text(app)
        controls = app.main_screen.query_one("#controls")
        assert controls.max_scroll_y == 0, "parameters or readouts are below the fold"
        readouts = "\n".join(widget_lines(app.main_screen.query_one("#readouts")))
        for label, _ in frame.readouts:  # the frame drawn may be newer: compare labels
            assert f"{label}:" in readouts
        app.compute.stop()
        await pilot.pause()


async def test_v_shows_the_next_chart_and_says_which(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="minibatch", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        titles = [plot.title for plot in app.panel.frame.plots]
        primary = app.main_screen.query_one("#plot-0", PlotView)
        assert primary.plot.title == titles[0]
        assert app.panel.border_title == f"v: chart 1 of {len(titles)}"
        assert " v chart " in app.main_screen.query_one("KeyBar").render().plain
        await pilot.press("v")
        await fresh_frame(pilot)
        assert primary.plot.title == titles[1]
        assert app.panel.border_title == f"v: chart 2 of {len(titles)}"
        assert any(titles[1] in line for line in chart_lines(primary)[:3])
        app.compute.stop()
        await pilot.pause()


async def test_v_is_off_the_key_bar_when_every_chart_shows(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="minibatch", paused=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, steps=0)
        grid = app.panel.grid
        assert grid.shown == len(app.panel.frame.plots) and not app.panel.border_title
        assert " v chart " not in app.main_screen.query_one("KeyBar").render().plain
        await pilot.press("v")
        assert grid.first == 0
        app.compute.stop()
        await pilot.pause()


async def test_z_gives_the_charts_the_screen_and_escape_gives_it_back(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="minibatch", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        screen = app.main_screen
        grid = app.panel.grid
        assert grid.shown == 1
        await pilot.press("z")
        await pilot.pause(0.1)
        for hidden in ("#question", "#answer", "#controls"):
            assert screen.query_one(hidden).region.area == 0, hidden
        assert grid.shown == 2  # room for both charts now
        assert grid.size.height >= 18
        await fresh_frame(pilot)
        assert all(view.lines for view in grid.query(PlotView) if view.display)
        await pilot.press("escape")
        await pilot.pause(0.1)
        for shown in ("#question", "#answer", "#controls"):
            assert screen.query_one(shown).region.area > 0, shown
        assert grid.shown == 1
        await pilot.press("z", "z")  # z also gives it back
        await pilot.pause(0.1)
        assert screen.query_one("#answer").region.area > 0 and grid.shown == 1
        app.compute.stop()
        await pilot.pause()


async def test_a_shows_the_whole_answer_then_the_charts_again(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="sgd", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        answer = app.main_screen.query_one("#answer")
        body = app.main_screen.query_one("#panel-body")
        collapsed = answer.region.height
        assert collapsed == 2 and answer.max_scroll_y > 0  # its first lines only
        await pilot.press("a")
        await pilot.pause(0.1)
        assert answer.region.height > 12 and body.region.area == 0
        assert app.main_screen.query_one("#status").region.area > 0  # the demo's state stays
        assert app.panel.border_title == "a: back to the charts"
        await pilot.press("pagedown")  # still scrolls
        await pilot.pause(0.1)
        assert answer.scroll_y > 0 or answer.max_scroll_y == 0
        await pilot.press("a")
        await pilot.pause(0.1)
        assert answer.region.height == collapsed and body.region.area > 0
        app.compute.stop()
        await pilot.pause()


async def test_no_room_for_a_chart_says_so_and_z_makes_room(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="gradient", paused=True)
    async with app.run_test(size=(50, 16)) as pilot:
        await settle(pilot, steps=0)
        grid = app.panel.grid
        notice = grid.query_one("#no-room")
        assert grid.shown == 0 and notice.region.area > 0
        assert "z zooms" in str(notice.render())
        await pilot.press("z")
        await pilot.pause(0.1)
        assert grid.shown >= 1 and notice.region.area == 0
        await fresh_frame(pilot)
        assert app.main_screen.query_one("#plot-0", PlotView).lines
        app.compute.stop()
        await pilot.pause()


@pytest.mark.parametrize("width", [80, 120])
async def test_the_key_bar_shows_whole_keys_and_help(make_app, width: int) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="minibatch", paused=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, steps=0)
        line = app.main_screen.query_one("KeyBar").render().plain
        assert len(line) == width and "…" not in line
        assert line.rstrip().endswith("? help  ^p palette")
        for whole in ("↑↓←→ tune", "q quit", "space pause", "z zoom", "a answer"):
            assert f" {whole} " in line
        app.compute.stop()
        await pilot.pause()


def test_arrangements() -> None:
    assert arrange(2, 50, 16).count == 1  # 80x24: one chart, big
    at_120x40 = arrange(2, 50, 31)
    assert at_120x40.count == 2 and not at_120x40.side and at_120x40.primary >= 19
    zoomed_80x24 = arrange(2, 78, 19)
    assert zoomed_80x24.count == 2 and zoomed_80x24.side
    assert arrange(3, 230, 85).count == 3
    assert arrange(2, SOLO_COLS - 1, 30).count == 0
    assert arrange(2, 60, SOLO_ROWS - 1).count == 0
    assert arrange(0, 100, 100).count == 0


@pytest.mark.parametrize("slug, mode", PANELS, ids=[f"{s}-{m}" if m else s for s, m in PANELS])
async def test_zoomed_at_80x24_charts_are_whole(make_app, slug, mode) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug=slug, values={"mode": mode} if mode else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await pilot.pause(0.1)
        await settle(pilot)
        grid = app.panel.grid
        assert grid.shown >= min(2, len(app.panel.frame.plots))  # more than unzoomed
        for view in grid.query(PlotView):
            if view.display and view.plot is not None and view.plot.title:
                assert any(view.plot.title in line for line in chart_lines(view)[:3]), (
                    f"title cut: {view.plot.title!r} in {chart_lines(view)[:3]}"
                )
        assert "…" not in screen_text(app)
        app.compute.stop()
        await pilot.pause()


async def test_z_with_the_question_list_open_zooms_the_panel(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="gradient", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        await pilot.press("tab")  # the question list opens beside the panel
        await pilot.pause(0.1)
        assert app.main_screen.query_one("#sidebar").region.area > 0
        await pilot.press("z")
        await pilot.pause(0.1)
        assert app.main_screen.query_one("#sidebar").region.area == 0
        assert app.focused is app.panel and app.panel.grid.shown >= 1
        app.compute.stop()
        await pilot.pause()


LESSON = (
    "Try 1/3: push the learning rate past the bound\n"
    "Notice: once lr passes 2/lambda_max the loss of plain SGD grows at every step, while "
    "momentum and Adam take longer to show it.\n"
    "seen (1 of 3); g: the next one"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("slug", ["sgd", "minibatch", "images"])
async def test_an_experiment_on_keeps_the_primary_chart_tall(make_app, slug, size) -> None:  # type: ignore[no-untyped-def]
    """A guided experiment's Try / Notice lines (issue 14) spread under the charts; on a short
    screen they take the place of the answer's first lines, and `a` still shows the answer."""
    from rich.text import Text

    app = make_app(slug=slug)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.panel.guide.note = lambda topic: Text(LESSON)  # what an experiment on shows
        app.panel.show_lesson()
        await pilot.pause(0.2)
        await settle(pilot)
        lesson = app.main_screen.query_one("#lesson")
        lines = widget_lines(lesson)
        assert lesson.region.height == len(lines)
        assert " ".join(" ".join(lines).split()) == " ".join(LESSON.split()), lines
        answer = app.main_screen.query_one("#answer")
        assert (answer.region.area == 0) == (size == (80, 24))
        primary = app.main_screen.query_one("#plot-0", PlotView)
        assert inner_rows(primary) >= MIN_INNER[size], chart_lines(primary)
        await pilot.press("a")
        await pilot.pause(0.1)
        assert answer.region.height > 10
        app.compute.stop()
        await pilot.pause()


async def test_another_question_starts_from_its_primary_chart(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="gradient", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        await pilot.press("v")
        assert app.panel.grid.first == 1
        await pilot.press("4")  # deeper: two charts too
        await wait_for(pilot, lambda: app.panel.frame is not None)
        await settle(pilot, steps=0)
        primary = app.main_screen.query_one("#plot-0", PlotView)
        assert primary.plot.title == app.panel.frame.plots[0].title
        app.compute.stop()
        await pilot.pause()


async def test_help_lists_the_layout_keys_whole_at_80x24(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(slug="sgd", paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, steps=0)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        text = " ".join(screen_text(app).split())
        assert "…" not in text
        for key, meaning in (("v", "the next chart"), ("z", "zoom"), ("a", "the whole answer")):
            assert f"{key} {meaning}" in text.replace("\xa0", " ")
        app.compute.stop()
        await pilot.pause()
