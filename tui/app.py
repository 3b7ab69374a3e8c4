"""The Textual app: questions on the left, the answer and its live panel on the right."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.driver import Driver
from textual.events import CursorPosition, Event, Key, Resize
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static

from demos import get_topic, topics
from demos.base import Experiment, Value
from demos.heap import trimmer
from demos.wire import BadMessage, DemoError, Fps, NewFrame, Pause, Ready
from tui import __version__
from tui.answer import render_answer
from tui.compute import Compute, Exited
from tui.compute import Message as Said
from tui.link import LinkRate
from tui.safe_text import clean, clean_frame, plain
from tui.state import State, load_state, save_state
from tui.widgets.key_bar import KeyBar
from tui.widgets.panel import LivePanel
from tui.widgets.sidebar import Sidebar

MIN_WIDTH, MIN_HEIGHT = 40, 12
WIDE, TALL = 100, 30  # from here on: the sidebar shows, the title bar shows
KEY_FIRST = 0.06  # seconds after a key in which frames wait, so its echo is drawn first
TRIM_EVERY = 5.0  # seconds between handing freed heap memory back (tui.memory)
NO_EXPORT = "QA_TUI_NO_EXPORT"  # set (to the reason) where export is off: the browser version
SAVE_AFTER = 2.0  # seconds after the last change before the remembered state is written


class ComputeMessage(Message):
    """Something the compute process said; a newer frame replaces an unhandled older one."""

    def __init__(self, payload: Said) -> None:
        super().__init__()
        self.payload = payload

    def can_replace(self, message: Message) -> bool:
        return (
            isinstance(message, ComputeMessage)
            and isinstance(message.payload, NewFrame)
            and isinstance(self.payload, NewFrame)
        )


class QaApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "qa-tui"
    # In order of importance: the key bar shows, after the focused panel's keys, as many of
    # these as fit, whole (at 80 columns: quit, pause, chart, zoom, answer); help stays at its
    # right; the help screen lists every key.
    BINDINGS = [
        Binding("q", "quit", "quit"),
        Binding("space", "pause", "pause"),
        Binding("v", "next_chart", "chart"),
        Binding("z", "zoom", "zoom"),
        Binding("a", "answer", "answer"),
        Binding("full_stop", "step", "step", key_display="."),
        Binding("r", "reset", "reset"),
        Binding("n", "new_seed", "seed"),
        Binding("d", "defaults", "defaults"),
        Binding("b", "before", "before", show=False),
        Binding("g", "experiment", "try"),
        Binding("tab", "switch_focus", "focus", priority=True),
        Binding("c", "code", "code"),
        Binding("e", "export", "export"),
        Binding("x", "export_script", "script", show=False),
        Binding("escape", "restore", "back", show=False),
        Binding("pageup", "scroll_answer(-1)", "answer ↑", show=False),
        Binding("pagedown", "scroll_answer(1)", "answer ↓", show=False),
        Binding("question_mark,f1", "help", "help", key_display="?"),
        *(
            Binding(str(number % 10), f"jump({number - 1})", show=False)
            for number in range(1, 11)  # 1-9, 0; questions past ten: the list or the palette
        ),
    ]
    # What takes the screen: "" (question, answer's first lines, panel), "zoom" (the charts) or
    # "answer" (the whole answer; the demo's status stays in sight). Keys depend on it (escape).
    view = var("", init=False, bindings=True)

    def __init__(
        self,
        compute: Compute,
        slug: str | None = None,
        values: dict[str, Value] | None = None,
        seed: int | None = None,
        fps: float = 10.0,
        paused: bool = False,
        remember: bool = False,
        export_dir: Path | None = None,
        when_ready: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.when_ready = when_ready  # called once, when the first screen is complete
        self.compute = compute
        self.remember = remember
        self.state, self.state_warning = load_state() if remember else (State(), None)
        self.first = self.first_topic(slug, values or {}, seed)
        self.fps = fps
        self.link = LinkRate(fps)  # the rate the link to the terminal allows, at most fps
        self.start_paused = paused
        self.export_dir = export_dir
        self.restarts = 0  # deaths of the compute process in the last minute
        self.deaths: list[float] = []
        self.gave_up = False  # it kept dying: no more restarts until the user presses r
        self.pending_frame: NewFrame | None = None  # the newest frame, held after a key
        self.frame_due = False
        self.key_at = 0.0  # when the last key came
        self.save_timer: Timer | None = None
        # The one live panel, on the main screen (also while a help or code screen is up); kept,
        # not queried, so a frame or timer during exit finds it while it is being removed.
        self.panel = LivePanel(send=compute.send, hold=self.key_hold, id="panel")

    def get_driver_class(self) -> type[Driver]:
        from tui.link_driver import driver_class  # sends only changed cells (tui/screen_diff.py)

        return driver_class(super().get_driver_class())

    def first_topic(
        self, slug: str | None, values: dict[str, Value], seed: int | None
    ) -> tuple[str, dict[str, Value] | None, int | None]:
        """What the command line asked for; else what was open last time (None: as it was left)."""
        slug = slug or self.state.last or topics()[0].slug
        if values or seed is not None:
            return slug, values, seed or 0
        return slug, None, None

    def compose(self) -> ComposeResult:
        self.fit(self.size.width, self.size.height)  # before the widgets mount: no restyle
        yield Static(id="title-bar")
        with Horizontal(id="body"):
            yield Sidebar(topics(), id="sidebar")
            with Vertical(id="main"):
                yield Static(id="question")
                with VerticalScroll(id="answer", can_focus=False):
                    yield Static(id="answer-text")
                yield self.panel
        yield Static("The terminal is too small for qa-tui: make it bigger.", id="too-small")
        yield KeyBar()

    @property
    def main_screen(self) -> Screen:
        return self.screen_stack[0]

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(number, self.exit)  # leave the terminal as we found it
        self.compute.listen(lambda payload: self.post_message(ComputeMessage(payload)))
        self.compute.send(Fps(self.link.fps))
        self.set_interval(1.0, self.check_compute)
        self.probe_link()  # before the first paint: the link's own round trip
        self.set_timer(0.6, self.probe_link)  # behind the first paint: a slow link's rate
        slug, values, seed = self.first
        self.open_topic(slug, values, seed)
        if self.start_paused:
            self.panel.paused = True
        self.panel.focus()
        if self.state_warning:
            self.notify(clean(self.state_warning), markup=False, severity="warning", timeout=8)
        trim = trimmer()
        if trim is not None:
            self.set_interval(TRIM_EVERY, trim)

    @on(LivePanel.Changed)
    def remember_changed(self) -> None:
        """A value, the seed or the pause changed: remembered at once, saved a moment later
        (one write for a burst of keys)."""
        self.remember_panel()
        if self.remember:
            if self.save_timer is not None:
                self.save_timer.stop()
            self.save_timer = self.set_timer(SAVE_AFTER, self.save)

    def save(self) -> None:
        self.save_timer = None
        warning = save_state(self.state)
        if warning:
            self.notify(clean(warning), markup=False, severity="warning", timeout=8)

    @on(LivePanel.Built)
    def first_screen_complete(self) -> None:
        if self.when_ready is not None:
            self.when_ready()
            self.when_ready = None

    async def on_event(self, event: Event) -> None:
        if isinstance(event, Key):
            self.key_at = time.monotonic()
        await super().on_event(event)

    def on_resize(self, event: Resize) -> None:
        self.fit(event.size.width, event.size.height)
        if not self.tiny():
            self.call_after_refresh(self.refocus)  # grown back from too small: focus was lost

    def fit(self, width: int, height: int) -> None:
        """The main screen's size classes (app.tcss), set from the app's size: also when a help
        or code screen is on top (Textual's breakpoints would only update the top screen), and
        for the size the terminal starts at (which comes with no Resize event to the app)."""
        classes = {
            "-tiny": width < MIN_WIDTH or height < MIN_HEIGHT,  # only the "too small" notice
            "-narrow": width < WIDE,
            "-wide": width >= WIDE,
            "-short": height < TALL,
            "-tall": height >= TALL,
        }
        screen = self.main_screen
        changed = [name for name, on in classes.items() if screen.has_class(name) != on]
        for name in changed:
            screen.set_class(classes[name], name, update=False)
        if changed:
            screen.update_node_styles()  # one restyle of every widget, not one per class

    def tiny(self) -> bool:
        """Is the terminal too small for the layout (only the notice shows)?"""
        return self.main_screen.has_class("-tiny")

    def refocus(self) -> None:
        """After the terminal grows back from too small: the panel, unless something has focus."""
        panels = self.main_screen.query(LivePanel)
        if self.focused is None and panels:
            panels.first().focus()

    # --- topics --------------------------------------------------------------------------------
    def open_topic(
        self, slug: str, values: dict[str, Value] | None = None, seed: int | None = None
    ) -> None:
        """Open a question: with `values` and `seed` as given, else as it was last left."""
        topic = get_topic(slug)
        self.remember_panel()  # the question we leave keeps its values, seed and pause
        if values is None and seed is None:
            values, seed = self.state.values_for(topic), self.state.seed_for(slug)
            self.panel.paused = self.state.paused_for(slug)
        number = topics().index(topic) + 1
        self.main_screen.query_one("#title-bar", Static).update(
            f"qa-tui {__version__} · week 5 Q&A · question {number} of {len(topics())}"
        )
        self.main_screen.query_one("#question", Static).update(f"{number}. {topic.question}")
        self.main_screen.query_one("#answer-text", Static).update(render_answer(topic.answer))
        self.main_screen.query_one("#answer", VerticalScroll).scroll_home(animate=False)
        self.main_screen.query_one(Sidebar).point_at(slug)
        self.panel.open(topic, values, seed or 0)

    @on(OptionList.OptionSelected, "#sidebar")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_topic(event.option.id)
            self.set_sidebar_open(False)
            self.panel.focus()

    # --- keys ----------------------------------------------------------------------------------
    def action_pause(self) -> None:
        frame = self.panel.frame
        if frame is not None and frame.status != "running":
            self.panel.paused = False  # a finished or diverged run: space starts it again
            self.panel.reset()
            return
        self.panel.paused = not self.panel.paused

    def action_experiment(self) -> None:
        """The question's next guided experiment: its values set, the demo running."""
        topic = self.panel.topic
        experiment = self.panel.guide.next(topic) if topic is not None else None
        if experiment is None:
            self.notify("This question has no guided experiments.")
            return
        self.start_experiment(experiment)

    def start_experiment(self, experiment: Experiment) -> None:
        self.panel.paused = False
        self.panel.start_experiment(experiment)

    def action_before(self) -> None:
        """Show or hide the last run's main series (kept when a parameter changes)."""
        self.panel.show_before = not self.panel.show_before

    def action_defaults(self) -> None:
        """The current question back to its default values (the seed stays)."""
        self.panel.restore_defaults()

    def action_step(self) -> None:
        self.panel.step_once()

    def action_reset(self) -> None:
        if self.gave_up:  # r after the compute process kept dying: try again
            self.deaths.clear()
            self.restart_compute()
            return
        self.panel.reset()

    def action_new_seed(self) -> None:
        self.panel.reset(new_seed=True)

    def action_jump(self, index: int) -> None:
        if 0 <= index < len(topics()):
            self.open_topic(topics()[index].slug)

    def action_scroll_answer(self, direction: int) -> None:
        answer = self.main_screen.query_one("#answer", VerticalScroll)
        answer.scroll_relative(y=direction * max(1, answer.size.height - 1), animate=False)

    # --- what takes the screen: the normal view, the charts zoomed, or the whole answer --------
    def action_next_chart(self) -> None:
        self.panel.grid.cycle()

    def action_zoom(self) -> None:
        self.view = "" if self.view == "zoom" else "zoom"

    def action_answer(self) -> None:
        self.view = "" if self.view == "answer" else "answer"

    def action_restore(self) -> None:
        self.view = ""

    def watch_view(self, view: str) -> None:
        """The main screen's classes for `view` (app.tcss), the panel told, the keys to it."""
        screen = self.main_screen
        screen.set_class(view == "zoom", "-zoom", update=False)
        screen.set_class(view == "answer", "-answer-open", update=False)
        if view:
            screen.set_class(False, "-sidebar-open", update=False)  # the list gives way too
        screen.update_node_styles()
        self.panel.view = view
        if view and self.focused is not self.panel and not self.tiny():
            self.panel.focus()  # the keys go to the panel, as they did before the list opened

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_chart":
            return self.panel.grid.hidden > 0  # off the key bar while every chart is shown
        if action == "restore":
            return self.view != ""
        return True

    def action_help(self) -> None:
        from tui.widgets.help_screen import HelpScreen  # loaded on first use, not at start

        if self.panel.topic is not None and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.panel.topic, self.panel.values, self.panel.seed))

    def action_code(self) -> None:
        topic = self.panel.topic
        from tui.widgets.code_screen import CodeScreen

        if topic is None or isinstance(self.screen, CodeScreen):
            return
        try:
            self.push_screen(CodeScreen(topic, self.panel.values))
        except (LookupError, OSError) as error:
            self.notify(clean(f"Cannot show the code: {error}"), markup=False, severity="error")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): every question, the panel's actions, and Textual's own."""
        for number, topic in enumerate(topics(), start=1):
            yield SystemCommand(
                f"{number:>2}. {topic.question}",  # " 1." sorts before "10."
                f"open question {number} ({topic.slug})",
                lambda slug=topic.slug: self.open_topic(slug),
            )
        yield SystemCommand("Pause / resume", "pause or resume the demo", self.action_pause)
        yield SystemCommand("Step", "one step of the paused demo", self.action_step)
        yield SystemCommand("Reset", "restart the demo with the same seed", self.action_reset)
        yield SystemCommand("New seed", "restart the demo with a new seed", self.action_new_seed)
        yield SystemCommand(
            "Before / after",
            "show or hide the run before the last parameter change",
            self.action_before,
        )
        yield SystemCommand(
            "Defaults", "this question's parameters back to their defaults", self.action_defaults
        )
        yield SystemCommand("Show code", "the lesson's PyTorch code, as it runs", self.action_code)
        yield SystemCommand(
            "Take away as a script",
            "write this question, mode and values as a standalone Python script (x)",
            self.action_export_script,
        )
        yield SystemCommand(
            "Export", "write the run as CSV and the screen as SVG", self.action_export
        )
        yield SystemCommand("Help", "keys and parameters of this panel", self.action_help)
        current = self.panel.topic
        for number, experiment in enumerate(current.experiments if current else (), start=1):
            yield SystemCommand(
                f"Try {number}: {experiment.title}",
                f"guided experiment {experiment.name}: sets its values and runs",
                lambda experiment=experiment: self.start_experiment(experiment),
            )
        if current is not None and "mode" in current.defaults():
            for mode in current.param("mode").choices:
                yield SystemCommand(
                    f"Mode: {mode}",
                    f"switch the {current.slug} demo to {mode}",
                    lambda mode=mode: self.panel.set_value("mode", mode),
                )
        yield from super().get_system_commands(screen)

    def action_switch_focus(self) -> None:
        if self.tiny():
            return  # nothing to focus but the "too small" notice
        if self.view:
            self.view = ""  # the question list is not part of a zoomed or answer view
        if self.focused is self.panel:
            self.set_sidebar_open(True)
            self.main_screen.query_one(Sidebar).focus()
        else:
            self.set_sidebar_open(False)
            self.panel.focus()

    def set_sidebar_open(self, open_: bool) -> None:
        self.main_screen.set_class(open_, "-sidebar-open")

    # --- the compute process -------------------------------------------------------------------
    @on(ComputeMessage)
    def compute_said(self, message: ComputeMessage) -> None:
        panel = self.panel
        if not self.screen_stack or not panel.is_attached or not panel.is_mounted:
            return  # shutting down (is_attached is False once exit was called): nothing to draw on
        said = message.payload
        if isinstance(said, NewFrame):
            self.probe_link()
            self.pending_frame = said
            wait = self.key_hold()
            if wait > 0:  # a key was just pressed: its echo first, then the newest frame
                # (frames bring new charts; the chart thread would share the GIL with the echo)
                if not self.frame_due:
                    self.frame_due = True
                    self.set_timer(wait, self.apply_pending_frame)
                return
            self.apply_pending_frame()
            return
        self.apply_pending_frame()  # what came before this message goes on screen before it
        if isinstance(said, DemoError):
            panel.apply_error(said.gen, clean(said.text))
        elif isinstance(said, BadMessage):  # a demo error in its panel, never a crash
            panel.apply_error(panel.gen, clean(f"a bad message from the compute process: {said}"))
        elif isinstance(said, Ready):
            panel.engine_note = ""
        elif isinstance(said, Exited):
            self.compute_died(said)

    # --- the link to the terminal (tui/link.py) -------------------------------------------------
    def probe_link(self) -> None:
        """While frames flow: a probe now and then, and a lower rate if one is long overdue."""
        now = time.monotonic()
        # tui/link_driver.py; not headless or web. App._driver: Textual 8.2.8 has no public way
        # to reach the running driver (get_driver_class only names its class).
        probe = getattr(self._driver, "probe", None)
        if probe is not None and self.link.should_probe(now):
            probe(self.link, now)
        self.set_rate(self.link.overdue(now))

    def on_cursor_position(self, event: CursorPosition) -> None:
        self.set_rate(self.link.answered(event.time))  # stamped when the answer was read

    def set_rate(self, fps: float | None) -> None:
        """The one place a new frame rate goes to the compute process."""
        if fps is not None:
            self.compute.send(Fps(fps))

    def key_hold(self) -> float:
        """Seconds that new charts still wait, so the last key's echo reaches the screen first."""
        return max(0.0, self.key_at + KEY_FIRST - time.monotonic())

    def apply_pending_frame(self) -> None:
        self.frame_due = False
        pending, self.pending_frame = self.pending_frame, None
        if pending is not None and self.panel.is_attached and self.panel.is_mounted:
            frame = clean_frame(pending.frame)
            self.panel.apply_frame(pending.gen, frame, pending.stats)

    def check_compute(self) -> None:
        """The watchdog, once a second: a running process that has gone silent is ended (its
        exit then restarts it, saying why)."""
        if not self.gave_up and self.compute.watchdog():
            self.panel.engine_note = "the compute process stopped answering; restarting it"

    def compute_died(self, exited: Exited) -> None:
        """The compute process is gone (killed, crashed, silent): start a new one and carry on,
        unless it died more than five times in the last minute."""
        now = time.monotonic()
        self.deaths = [t for t in self.deaths if now - t < 60] + [now]
        self.restarts = len(self.deaths)
        why = exited.reason or f"exit {exited.code}"
        said = f": {exited.last_line}" if exited.last_line else ""
        if self.restarts > 5:
            self.gave_up = True
            self.panel.engine_note = clean(
                f"the compute process keeps dying ({why}){said}\npress r to try again"
            )
            self.notify(
                clean(f"The compute process keeps dying ({why}){said}"),
                markup=False,
                severity="error",
            )
            return
        if self.restarts == 1:  # the first of a burst; the status line follows the rest
            self.notify(
                clean(f"The compute process stopped ({why}){said}; starting a new one."),
                markup=False,
            )
        self.restart_compute()

    def restart_compute(self) -> None:
        self.gave_up = False
        self.panel.engine_note = "restarting the compute process"
        self.compute.start()
        self.compute.send(Fps(self.link.fps))
        self.compute.send(Pause(self.panel.paused))
        self.panel.load()

    def remember_panel(self) -> None:
        panel = self.panel
        if panel.topic is not None:
            self.state.remember(panel.topic.slug, panel.values, panel.seed, panel.paused)

    def action_export(self) -> None:
        """CSV of the current run's series and an SVG of the screen, never overwriting."""
        from tui.export import export_all

        panel = self.panel
        if panel.frame is None or panel.topic is None:
            self.notify("Nothing to export yet: the demo has not drawn a frame.")
            return
        if self.export_dir is None and os.environ.get(NO_EXPORT):
            self.notify(clean(os.environ[NO_EXPORT]), markup=False, severity="warning", timeout=8)
            return
        shown = replace(panel.frame, plots=panel.shown_plots())  # as drawn: with "before"
        result = export_all(shown, panel.topic.slug, self.export_dir, self.export_screenshot)
        text = clean(result.text)
        if result.failed:
            self.notify(text, markup=False, severity="error", timeout=8)
        else:
            self.notify(text, markup=False, timeout=8)

    def action_export_script(self) -> None:
        """The lesson with the current values and seed, as a standalone script (x)."""
        from tui.export import export_stem, unique_path
        from tui.script_export import DEFAULT_STEPS, ExportError, export_script, script_name

        panel = self.panel
        if panel.topic is None:
            return
        steps = panel.frame.step if panel.frame is not None and panel.frame.step else DEFAULT_STEPS
        directory = self.export_dir or Path.cwd()
        try:
            text = export_script(panel.topic, panel.values, panel.seed, steps)
            stem = export_stem(script_name(panel.topic, panel.values).removesuffix(".py"))
            path = unique_path(directory, stem, ".py")
            path.write_text(text, encoding="utf-8")
        except (ExportError, OSError) as error:
            self.notify(f"Script export failed: {error}", severity="error", timeout=8, markup=False)
            return
        where = f"Wrote {path.name} to {directory}: seed {panel.seed}, {steps} steps"
        self.notify(where, markup=False)

    async def action_quit(self) -> None:
        self.compute.stop(timeout=0.05)  # nothing to save there: do not keep the user waiting
        warning = None
        if self.remember:
            self.remember_panel()
            warning = save_state(self.state)
        # A failed save is said after the terminal is restored (Textual prints exit messages).
        self.exit(message=plain(f"qa-tui: {warning}") if warning else None)
