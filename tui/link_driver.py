"""Textual's Linux driver, sending the terminal only the cells that changed, no faster than
the link to it carries them.

Every screen update Textual writes (between its synchronized-output markers) goes through
`ScreenDiff` (tui/screen_diff.py); an update that changes nothing is not sent at all. The
screen model is forgotten when the terminal is resized, so the repaint that follows is sent in
full. Should the diff ever fail, the update goes out as Textual wrote it.

Once the app's probes (tui/link.py) have measured how fast the link delivers, output beyond
TARGET seconds of it waits here, where a newer update replaces it, rather than in sshd's
buffer, where it would delay every key's echo; what waits goes out in parts, the rows of the
latest update first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from typing import Any

from textual import events
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from tui.link import LinkRate, Pacer
from tui.screen_diff import ScreenDiff

SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
PROBE = "\x1b[6n"  # cursor position request: answered once everything before it has arrived
MIN_WAIT = 0.005  # seconds between tries to send held output
KEY_ECHO = 0.15  # seconds after a key in which updates are its echo (the app holds charts 0.06
# s from when it reads the key, which on a busy machine can be well after it came)
ECHO_CELLS = 600  # cells an update may redraw and still go out at once as a key's echo


class LinkDriver(LinuxDriver):
    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.diff = ScreenDiff()
        self.frame: list[str] | None = None  # the update being written, between the markers
        self.synced = False  # Textual frames its updates (synchronized output)
        self.resized = False
        self.link: LinkRate | None = None  # from the first probe on (tui/link.py)
        self.written = 0  # bytes written in all
        self.pacer = Pacer()
        self.timer: asyncio.TimerHandle | None = None
        self.key_at = float("-inf")  # when the last key came (read on the input thread)

    def start_application_mode(self) -> None:
        super().start_application_mode()
        previous = signal.getsignal(signal.SIGWINCH)

        def on_resize(signum: int, frame: Any) -> None:
            self.resized = True  # read on the next write: the event loop's thread does both
            if callable(previous):
                previous(signum, frame)

        signal.signal(signal.SIGWINCH, on_resize)

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Resize):  # in-band resize reports come this way
            self.resized = True
        elif isinstance(message, events.Key):
            self.key_at = time.monotonic()
        super().process_message(message)

    def write(self, data: str) -> None:
        if data == SYNC_START:
            self.frame = []
            self.synced = True
            return
        if self.frame is not None:
            if data != SYNC_END:
                self.frame.append(data)
                return
            data = "".join(self.frame)
            self.frame = None
        self.emit(data)

    def probe(self, link: LinkRate, now: float) -> None:
        """Ask where the cursor is, behind everything written so far (tui/link.py)."""
        self.link = link
        link.sent(now, self.written)
        self.send(PROBE, now)

    # --- what goes out, and when --------------------------------------------------------------
    def emit(self, data: str) -> None:
        """One update from Textual (or another write): what changed goes out now, or as soon
        as the link has room for it."""
        now = time.monotonic()
        if self.resized:
            self.resized = False
            self.diff.forget()
        try:
            out = self.diff.absorb(data)
            if now - self.key_at < KEY_ECHO and self.diff.pending and self.small_update():
                out += self.framed(self.diff.flush(only=self.diff.recent))  # a key's echo: now
                if self.link is not None:
                    self.link.log(f"echo {1000 * (now - self.key_at):.0f} ms after the key")
            if self.timer is None and self.hold(now) <= 0:
                out += self.framed(self.diff.flush(self.budget()))
        except Exception:  # never a wrong screen, never a crash: send it as it is
            self.diff = ScreenDiff()
            out = data
            self.repaint()  # cells held back before the failure come with a full repaint
        self.send(out, now)
        if self.diff.pending:
            self.later(now)

    def small_update(self) -> bool:
        """Is the latest update small, like a key's echo (not a chart, which waits its turn)?"""
        pending = self.diff.pending
        return sum(len(pending.get(y, ())) for y in self.diff.recent) <= ECHO_CELLS

    def release(self) -> None:
        """Held output: the next part of it, now that the link has room."""
        self.timer = None
        now = time.monotonic()
        if self.hold(now) <= 0:
            try:
                self.send(self.framed(self.diff.flush(self.budget())), now)
            except Exception:
                self.diff = ScreenDiff()
                self.diff.forget()
                self.repaint()
        if self.diff.pending:
            self.later(now)

    def repaint(self) -> None:
        """Ask the app to draw the whole screen again (its next update resends every cell)."""
        with contextlib.suppress(RuntimeError):  # not on the event loop (exiting): nothing to draw
            asyncio.get_running_loop().call_soon(lambda: self._app.refresh(repaint=True))

    def later(self, now: float) -> None:
        if self.timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on the event loop (exiting): everything goes now
            self.send(self.framed(self.diff.flush()), now)
            return
        self.timer = loop.call_later(max(MIN_WAIT, self.hold(now)), self.release)

    def hold(self, now: float) -> float:
        """Seconds before more output may go (0: now)."""
        return self.pacer.hold(now, self.link.pace() if self.link is not None else None)

    def budget(self) -> int | None:
        """Characters to send now (None: all there is)."""
        return self.pacer.budget(self.link.pace() if self.link is not None else None)

    def framed(self, body: str) -> str:
        return SYNC_START + body + SYNC_END if body and self.synced else body

    def send(self, out: str, now: float) -> None:
        if out:
            size = len(out.encode("utf-8", "replace"))
            self.written += size
            self.pacer.wrote(size)
            super().write(out)


def driver_class(default: type[Driver]) -> type[Driver]:
    """LinkDriver where Textual would use its Linux driver; anything else (web, headless, a
    driver chosen with TEXTUAL_DRIVER, which also turns this off) is left as it is."""
    if os.environ.get("TEXTUAL_DRIVER") or default is not LinuxDriver:
        return default
    return LinkDriver
