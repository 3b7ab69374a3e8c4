"""Textual's Linux driver, sending the terminal only the cells that changed.

Every screen update Textual writes (between its synchronized-output markers) goes through
`ScreenDiff` (tui/screen_diff.py); an update that changes nothing is not sent at all. The
screen model is forgotten when the terminal is resized, so the repaint that follows is sent in
full. Should the diff ever fail, the update goes out as Textual wrote it.
"""

from __future__ import annotations

import signal
from typing import Any

from textual import events
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from tui.screen_diff import ScreenDiff

SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
PROBE = "\x1b[6n"  # cursor position request: answered once everything before it has arrived


class LinkDriver(LinuxDriver):
    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.diff = ScreenDiff()
        self.frame: list[str] | None = None  # the update being written, between the markers
        self.resized = False

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
        super().process_message(message)

    def write(self, data: str) -> None:
        if data == SYNC_START:
            self.frame = []
            return
        if self.frame is not None:
            if data != SYNC_END:
                self.frame.append(data)
                return
            body = self.filter("".join(self.frame))
            self.frame = None
            if body:
                super().write(SYNC_START + body + SYNC_END)
            return
        body = self.filter(data)
        if body:
            super().write(body)

    def probe(self) -> None:
        """Ask where the cursor is, behind everything written so far (tui/link.py)."""
        self.write(PROBE)

    def filter(self, data: str) -> str:
        if self.resized:
            self.resized = False
            self.diff.forget()
        try:
            return self.diff.update(data)
        except Exception:  # never a wrong screen, never a crash: send it as it is
            self.diff.forget()
            return data


def driver_class(default: type[Driver]) -> type[Driver]:
    """LinkDriver where Textual would use its Linux driver; anything else (web, headless, a
    driver chosen with TEXTUAL_DRIVER) is left as it is."""
    return LinkDriver if default is LinuxDriver else default
