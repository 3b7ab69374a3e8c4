"""The live panel: a topic's parameters, readouts, status and charts, driven from the keyboard.

The panel owns what the user chose (values, seed, paused) and sends it to the compute process;
frames come back through the app, tagged with the generation they answer, so a frame from
before the last key press is never drawn over a newer state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Static

from demos.base import Experiment, Frame, Param, Plot, Topic, Value
from demos.wire import Command, Load, Pause, Step
from tui.before_after import Before, capture, describe, overlay
from tui.experiments import Guide, applies, settings
from tui.settings import new_seed as fresh_seed
from tui.settings import share_command
from tui.widgets.param_list import ParamList
from tui.widgets.plot_grid import PlotGrid
from tui.widgets.readouts import ReadoutBlock
from tui.widgets.text_block import TextBlock

if TYPE_CHECKING:
    from demos.wire import Stats

STATUS_STYLE = {"running": "green", "done": "cyan", "diverged": "bold red", "paused": "yellow"}


class LivePanel(Widget, can_focus=True):
    class Built(Message):
        """The panel's widgets are mounted: the first screen is complete."""

    class Changed(Message):
        """The question, a value, the seed or the pause changed (worth remembering)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "param ↑", show=False),
        Binding("down", "cursor(1)", "param ↓", show=False),
        Binding("left", "nudge(-1)", "tune", key_display="↑↓←→"),
        Binding("right", "nudge(1)", "more", show=False),
    ]

    # Every setting tells the compute process and the status line, even an unchanged one (a
    # question opened says its pause again); not at mount: nothing was chosen yet.
    paused = var(False, init=False, always_update=True)
    cursor = var(0, init=False)  # the parameter the arrow keys change
    view = var("", init=False)  # "", "zoom" or "answer": set by QaApp.watch_view
    # What happened to the compute process (loading, restarting), said before the demo's state.
    engine_note = var("loading PyTorch (a few seconds)", init=False, always_update=True)
    show_before = var(True, init=False)  # the last run's main series drawn (b)

    def __init__(
        self,
        send: Callable[[Command], object],
        hold: Callable[[], float] = lambda: 0.0,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.send = send  # to the compute process
        self.topic: Topic | None = None
        self.values: dict[str, Value] = {}
        self.seed = 0
        self.gen = 0
        self.frame: Frame | None = None
        self.stats: Stats | None = None
        self.error = ""
        self.shown: Topic | None = None  # whose readouts and charts are on screen
        self.built = False
        self.arranged = (0, 0, 0)  # (first, shown, total) charts, from the grid
        self.before: Before | None = None  # the last run's main series, kept after a change
        self.guide = Guide()  # guided experiments: the one on, the ones seen
        # The panel's parts, kept here rather than queried: at exit Textual removes them one by
        # one, and a chart drawing that finishes then must find its blocks, mounted or not.
        self.params = ParamList(id="params")
        self.readouts = ReadoutBlock(id="readouts")
        self.status = TextBlock(id="status")
        self.lesson = TextBlock(id="lesson")
        self.share = TextBlock(id="share")
        self.grid = PlotGrid(hold, id="plots")
        self.not_built = Static(id="not-built")

    def on_mount(self) -> None:
        self.call_after_refresh(self.build)

    async def build(self) -> None:
        """The panel's widgets, mounted after the first paint: the sidebar and the answer come
        on screen a fifth of a second sooner, and the demo is still loading PyTorch anyway.

        Not `textual.lazy.Lazy`: it wraps one widget (these are four, so a wrapper container
        with CSS of its own), says nothing when it has mounted (the panel then draws what was
        chosen meanwhile and posts Built), and removes itself after. Tried: first paint 17%
        later against the hello app and first chart 0.23 s later (medians of 16 interleaved
        rounds of tests.perf.bench's startup, gradient, on a shared 2-core machine)."""
        blocks = (self.params, self.readouts, self.share)
        controls = VerticalScroll(*blocks, id="controls", can_focus=False)
        # Under the charts and across the panel, read whole: the status with the demo's
        # message, then the guided experiment's Try / Notice.
        body = Horizontal(controls, self.grid, id="panel-body")
        await self.mount(body, self.status, self.lesson)
        await self.mount(self.not_built)
        self.built = True
        self.show_topic()
        self.show_share()
        self.show_lesson()
        self.redraw()
        self.post_message(self.Built())

    # --- what the user chose -------------------------------------------------------------------
    def open(self, topic: Topic, values: dict[str, Value] | None = None, seed: int = 0) -> None:
        """Show `topic` and start its demo."""
        self.topic = topic
        self.values = topic.values(values)
        self.seed = seed
        self.cursor = 0
        self.before = None
        self.show_topic()
        self.load()

    def load(self) -> None:
        """(Re)start the demo with the current values and seed; older frames are dropped."""
        self.gen += 1
        self.frame = None
        self.stats = None
        self.error = ""
        if self.topic is not None and self.topic.demo:
            self.send(Load(self.gen, self.topic.slug, dict(self.values), self.seed))
        topic = self.topic
        experiment = self.guide.current(topic) if topic else None
        if topic and experiment and not applies(experiment, topic, self.values):
            self.guide.leave(topic)  # values changed by hand: the experiment is over
        self.show_share()
        self.show_lesson()
        self.redraw()
        self.post_message(self.Changed())

    def start_experiment(self, experiment: Experiment) -> None:
        """Set the experiment's values (the rest to their defaults) and run it from the start."""
        if self.topic is None:
            return
        new = settings(experiment, self.topic)
        self.keep_before(new)
        self.guide.start(self.topic, experiment)
        self.values = new
        self.cursor = min(self.cursor, max(0, len(self.active_params()) - 1))
        self.load()

    def show_lesson(self) -> None:
        if self.built and self.topic is not None:
            note = self.guide.note(self.topic)
            self.lesson.set(note)
            # An experiment on (Try / Notice, several lines): on a short screen its lines take
            # the place of the answer's first lines (app.tcss); `a` still shows the answer.
            self.screen.set_class("\n" in note.plain, "-lesson")

    def action_cursor(self, delta: int) -> None:
        params = self.active_params()
        if params:
            self.cursor = (self.cursor + delta) % len(params)

    def watch_cursor(self) -> None:
        self.show_params()

    def action_nudge(self, direction: int) -> None:
        params = self.active_params()
        if not params or self.topic is None:
            return
        param = params[min(self.cursor, len(params) - 1)]
        old = self.values[param.name]
        new = param.nudge(old, direction)
        if new == old:
            self.show_params()  # at a bound: nothing to restart, the panel says "(max)" or "(min)"
            return
        self.keep_before(self.values | {param.name: new})
        self.values[param.name] = new
        self.cursor = min(self.cursor, len(self.active_params()) - 1)
        self.load()

    def set_value(self, name: str, value: Value) -> None:
        """Set one parameter (clamped) and restart the demo."""
        if self.topic is None or name not in self.values:
            return
        param = self.topic.param(name)
        self.keep_before(self.values | {name: param.clamp(value)})
        self.values[name] = param.clamp(value)
        self.cursor = min(self.cursor, max(0, len(self.active_params()) - 1))
        self.load()

    def watch_paused(self, paused: bool) -> None:
        self.send(Pause(paused))
        self.show_status()
        self.post_message(self.Changed())

    def step_once(self) -> None:
        if not self.paused:
            self.paused = True
        self.send(Step())

    def reset(self, new_seed: bool = False) -> None:
        if new_seed:
            self.seed = fresh_seed()
        self.load()

    def keep_before(self, new: dict[str, Value]) -> None:
        """Before the values become `new`: keep the run's main series to compare with, labelled
        with what changes. While the new run has not drawn yet, the one kept before it stays
        (it is what was on screen)."""
        if self.topic is None:
            return
        kept = capture(self.frame, describe(self.values, new, self.topic.params))
        if kept is not None or self.frame is not None:
            self.before = kept

    def watch_show_before(self) -> None:
        self.redraw()

    def shown_plots(self) -> tuple[Plot, ...]:
        """The frame's charts as drawn: with the last run's main series, unless hidden."""
        if self.frame is None:
            return ()
        return overlay(self.frame.plots, self.before if self.show_before else None)

    def restore_defaults(self) -> None:
        if self.topic is not None and self.values != self.topic.defaults():
            self.keep_before(self.topic.defaults())
            self.values = self.topic.defaults()
            self.cursor = min(self.cursor, max(0, len(self.active_params()) - 1))
            self.load()

    def active_params(self) -> tuple[Param, ...]:
        return self.topic.visible(self.values) if self.topic else ()

    # --- what comes back -----------------------------------------------------------------------
    def apply_frame(self, gen: int, frame: Frame, stats: Stats) -> None:
        if gen != self.gen:
            return
        self.frame, self.stats, self.error = frame, stats, ""
        # No status of its own: it goes on screen with the frame's charts (redraw).
        self.set_reactive(LivePanel.engine_note, "")
        if self.topic is not None and self.guide.observe(self.topic, self.values, frame):
            self.show_lesson()
        self.redraw()

    def apply_error(self, gen: int, text: str) -> None:
        if gen == self.gen:
            self.error = text
            self.redraw()

    def watch_engine_note(self) -> None:
        self.show_status()

    # --- layout --------------------------------------------------------------------------------
    @on(PlotGrid.Arranged)
    def show_arranged(self, event: PlotGrid.Arranged) -> None:
        event.stop()
        self.arranged = (event.first, event.shown, event.total)
        self.show_border_title()
        self.app.refresh_bindings()  # v shows on the key bar only while charts are hidden

    def watch_view(self, view: str) -> None:
        self.grid.zoomed = view == "zoom"
        self.show_border_title()

    def show_border_title(self) -> None:
        """The top border says which charts are shown when some are not (v shows the next),
        and how to get the charts back while the answer takes the screen. Kept short, on the
        right: tests/perf finds the panel by the run of 60 "─" left of it at 120x40."""
        first, shown, total = self.arranged
        if self.view == "answer":
            title = "a: back to the charts"
        elif shown == 0 and total:  # said here too: the grid's own notice may have no room
            title = "no room for a chart" + ": z zooms" * (self.view != "zoom")
        elif shown < total:
            numbers = ",".join(str((first + slot) % total + 1) for slot in range(shown))
            title = f"v: chart{'s' * (shown > 1)} {numbers} of {total}"
        else:
            title = ""
        if self.border_title != title:
            self.border_title = title

    # --- drawing -------------------------------------------------------------------------------
    def on_focus(self) -> None:
        self.show_params()

    def on_blur(self) -> None:
        self.show_params()

    def show_topic(self) -> None:
        if self.topic is None or not self.built:
            return
        for block in (self.readouts, self.status, self.share, self.lesson):
            block.unpin()
        self.set_class(not self.topic.demo, "-not-built")
        self.not_built.update(
            "The live demo for this question is not built yet." if not self.topic.demo else ""
        )

    def show_share(self) -> None:
        if self.topic is None or not self.topic.demo or not self.built:
            return
        share = Text("reopen with: ", style="dim")
        share.append(share_command(self.topic, self.values, self.seed))
        self.share.set(share)

    def redraw(self) -> None:
        if not self.built:
            return
        self.show_params()
        frame = self.frame
        if frame is None and self.shown == self.topic and not self.error:
            self.show_status()
            return  # restarting the same demo: keep its last picture until the new one comes
        self.shown = self.topic
        # The status and readouts go on screen with the charts: one screen update a frame.
        kind = (self.topic.slug if self.topic else "", self.values.get("mode"))
        self.grid.show(self.shown_plots(), then=lambda: self.show_frame_text(frame), kind=kind)

    def show_frame_text(self, frame: Frame | None) -> None:
        """The status, and the readouts of `frame` (whose charts have just been drawn)."""
        self.show_status()
        self.readouts.show(frame.readouts if frame else ())

    def show_params(self) -> None:
        if not self.built:
            return
        self.params.show(self.active_params(), self.values, self.cursor, self.has_focus)

    def status_text(self) -> Text:
        text = Text()
        if self.topic is None or not self.topic.demo:
            return text
        if self.error:
            text.append("error in the demo: ", style="bold red")
            text.append(self.error + "\n(press r to reset)")
            return text
        if self.frame is None or self.engine_note:  # what happened to the process comes first
            text.append(self.engine_note or "starting", style="italic")
            return text
        state = "paused" if self.paused and self.frame.status == "running" else self.frame.status
        text.append(f"● {state}", style=STATUS_STYLE.get(state, ""))
        text.append(f"  step {self.frame.step}  seed {self.seed}", style="dim")
        if state == "running" and self.stats is not None and self.stats.step_ms:
            text.append(f"  {self.stats.step_ms:.1f} ms/step", style="dim")
        if self.frame.message:
            text.append("\n" + self.frame.message)
        return text

    def show_status(self) -> None:
        if not self.built:
            return
        restarting = self.frame is None and self.shown == self.topic
        if restarting and not self.error and not self.engine_note:
            return  # restarting the same demo: the next frame brings its status
        self.status.set(self.status_text())
