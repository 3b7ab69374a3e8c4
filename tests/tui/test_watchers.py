"""What the reactive attributes' watchers guarantee: setting the attribute is enough."""

from __future__ import annotations

from textual.app import App, ComposeResult

from demos import get_topic
from demos.base import Plot, Series
from demos.wire import Command, Load, Pause
from tests.tui.helpers import fresh_frame, wait_for
from tui.widgets.panel import LivePanel
from tui.widgets.param_list import ParamList
from tui.widgets.plot_grid import PlotGrid


async def test_setting_paused_tells_the_process_the_status_and_the_state(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        await fresh_frame(pilot)
        assert "running" in str(panel.status.text)
        app.compute.sent.clear()
        panel.paused = True
        assert app.compute.sent == [Pause(True)]
        assert "● paused" in panel.status.text.plain
        await pilot.pause()  # LivePanel.Changed reaches the app: the pause is remembered
        assert app.state.paused_for(panel.topic.slug, False)
        panel.paused = True  # said again, unchanged: a question opened says its pause again
        assert app.compute.sent == [Pause(True), Pause(True)]
        panel.paused = False
        assert app.compute.sent[-1] == Pause(False)
        assert "● paused" not in panel.status.text.plain


async def test_setting_the_cursor_moves_it_in_the_parameter_list(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        params = app.panel.query_one(ParamList)
        assert params.cursor == 0 and len(app.panel.active_params()) > 1
        app.panel.cursor = 1
        assert params.cursor == 1
        assert "▸ " + app.panel.active_params()[1].label in params.render().plain


async def test_setting_the_view_sets_the_screen_classes_panel_and_keys(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        screen, panel = app.main_screen, app.panel
        assert "escape" not in screen.active_bindings  # nothing to go back from
        app.view = "zoom"
        await pilot.pause()
        assert screen.has_class("-zoom") and not screen.has_class("-answer-open")
        assert panel.view == "zoom" and panel.grid.zoomed
        assert "escape" in screen.active_bindings  # the binding refresh came with the view
        app.view = "answer"
        assert screen.has_class("-answer-open") and not screen.has_class("-zoom")
        assert not panel.grid.zoomed and panel.border_title == "a: back to the charts"
        await pilot.press("escape")
        assert app.view == "" and panel.view == "" and panel.border_title == ""
        assert not screen.has_class("-zoom") and not screen.has_class("-answer-open")


class PanelOnly(App[None]):
    """A bare app: no compute process, no key hold of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Command] = []
        self.holds = 0
        self.panel = LivePanel(self.sent.append, hold=self.hold)

    def hold(self) -> float:
        self.holds += 1
        return 0.0

    def compose(self) -> ComposeResult:
        yield self.panel


async def test_the_panel_and_its_charts_mount_without_qa_app() -> None:
    """The panel sends through the function it is given; the chart grid asks the hold it is
    given (QaApp.key_hold in the app) before it puts new charts on screen."""
    app = PanelOnly()
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.panel
        await wait_for(pilot, lambda: panel.built)
        panel.open(get_topic("gradient"))
        assert isinstance(app.sent[-1], Load) and app.sent[-1].slug == "gradient"
        panel.paused = True
        assert app.sent[-1] == Pause(True)
        grid = panel.query_one(PlotGrid)
        plot = Plot("loss", (Series("loss", (3.0, 2.0, 1.0)),))
        grid.show((plot,))
        await wait_for(pilot, lambda: not grid.busy and grid.views[0].drawn is not None)
        assert app.holds >= 1


async def test_setting_the_engine_note_shows_it_until_a_frame_comes(make_app) -> None:
    app = make_app(paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        await fresh_frame(pilot)
        assert "● paused" in panel.status.text.plain
        panel.engine_note = "restarting the compute process"
        assert panel.status.text.plain == "restarting the compute process"
        await pilot.press("full_stop")  # a frame: its status replaces the note, with its charts
        await wait_for(
            pilot, lambda: panel.engine_note == "" and "● paused" in panel.status.text.plain
        )


async def test_setting_show_before_redraws_the_charts(make_app) -> None:
    app = make_app(slug="nonlinearity", paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        await fresh_frame(pilot)
        await pilot.press("down", "right")  # hidden width 32 -> 36: the old run is kept
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: panel.frame is not None and panel.frame.step >= 1)
        await fresh_frame(pilot)

        def on_the_grid() -> list[str]:
            return [series.label for series in panel.grid.plots[0].series]

        assert "before: width=32" in on_the_grid()
        panel.show_before = False
        assert "before: width=32" not in on_the_grid()
        panel.show_before = True
        assert "before: width=32" in on_the_grid()
