"""Before and after: a parameter change keeps the last run's main series on its chart."""

from __future__ import annotations

from demos import get_topic
from demos.base import Frame, Plot, Series
from tui.before_after import FAINT, MARK, capture, describe, overlay

from .helpers import fresh_frame, wait_for


def frame(title: str = "loss", main: int = 0, *series: Series) -> Frame:
    series = series or (Series("train", (3.0, 2.0, 1.0)), Series("test", (4.0, 3.0, 2.0)))
    return Frame(step=3, plots=(Plot(title, series, xlabel="step", main=main),))


def test_capture_keeps_the_main_series_labelled_with_what_changed() -> None:
    kept = capture(frame(main=1), "lr=0.3")
    assert kept is not None
    assert kept.series.y == (4.0, 3.0, 2.0)
    assert kept.series.label == "before: lr=0.3" and kept.series.color == FAINT
    assert kept.series.marker == MARK and kept.series.behind  # under the new run, not scaled to
    assert capture(frame(), "") is None  # nothing changed: nothing to compare with


def test_the_label_names_every_value_that_changed_or_says_last_run() -> None:
    params = get_topic("deeper").params
    old = get_topic("deeper").defaults()
    assert describe(old, old, params) == ""
    assert describe(old, old | {"depth": 64}, params) == f"depth={old['depth']}"
    two = describe(old, old | {"depth": 64, "activation": "relu"}, params)
    assert two == f"depth={old['depth']}, activation={old['activation']}"
    every = {"depth": 64, "width": 8, "lr": 0.1, "activation": "relu"}  # 44 characters to name
    assert describe(old, every, params) == "last run"


def test_overlay_adds_it_after_the_charts_own_series_only_on_the_same_chart() -> None:
    kept = capture(frame(), "lr=0.3")
    after = frame()
    drawn = overlay(after.plots, kept)
    assert [s.label for s in drawn[0].series] == ["train", "test", "before: lr=0.3"]
    other = frame("accuracy")
    assert overlay(other.plots, kept) == other.plots  # another chart: nothing added
    assert overlay(after.plots, None) == after.plots


def test_nothing_is_kept_from_images_bars_or_empty_frames() -> None:
    assert capture(None, "lr=0.3") is None
    assert capture(Frame(step=0), "lr=0.3") is None
    bars = frame("b", 0, Series("bars", (1.0, 2.0), kind="bar"))
    assert capture(bars, "lr=0.3") is None
    image = Frame(step=0, plots=(Plot("img", image=((0.0, 1.0),)),))
    assert capture(image, "lr=0.3") is None


async def test_a_parameter_change_shows_the_old_run_and_b_hides_it(make_app) -> None:
    app = make_app(slug="nonlinearity", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        for _ in range(5):
            await pilot.press("full_stop")
        await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.frame.step == 5)
        old_fit = app.panel.frame.plots[0].series[2].y
        await pilot.press("down", "right")  # hidden width 32 -> 36
        await fresh_frame(pilot)
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.frame.step >= 1)
        labels = [s.label for s in app.panel.shown_plots()[0].series]
        assert labels[-1] == "before: width=32"
        assert app.panel.shown_plots()[0].series[-1].y == old_fit
        await pilot.press("b")
        assert "before: width=32" not in [s.label for s in app.panel.shown_plots()[0].series]
        await pilot.press("b")
        assert app.panel.shown_plots()[0].series[-1].label == "before: width=32"
        await pilot.press("2")  # another question: nothing kept from this one
        await fresh_frame(pilot)
        assert app.panel.before is None


async def test_export_writes_the_before_series_that_is_drawn(make_app, tmp_path) -> None:
    app = make_app(slug="nonlinearity", paused=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: app.panel.frame is not None and app.panel.frame.step == 1)
        await pilot.press("down", "right")
        await fresh_frame(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: any(tmp_path.glob("*.csv")))
    text = next(tmp_path.glob("*.csv")).read_text()
    assert "before: width=32" in text
