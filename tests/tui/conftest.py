"""Pilot tests run the real engine loop in a thread of the test process (no 3 s torch start
per app); a few tests in test_process.py use the real compute process."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import torch

from demos.engine import Engine
from demos.wire import Command, Quit, Ready, Reply
from tui.app import QaApp
from tui.compute import Listener

torch.set_num_threads(1)


class InlineCompute:
    """The Compute interface, backed by demos.engine.Engine on a thread."""

    def __init__(self) -> None:
        self.listener: Listener | None = None
        self.engine = Engine(self._emit)
        self.sent: list[Command] = []
        self.thread = threading.Thread(target=self.engine.run, daemon=True)
        self.thread.start()
        self.starts = 1

    def _emit(self, message: Reply) -> None:
        if self.listener is not None:
            self.listener(message)

    def listen(self, listener: Listener) -> None:
        self.listener = listener
        listener(Ready(str(torch.__version__), 1))

    def send(self, command: Command) -> bool:
        self.sent.append(command)
        self.engine.commands.put(command)
        return True

    def watchdog(self) -> bool:
        return False  # an engine on a thread of the test cannot go silent on its own

    def start(self) -> None:
        self.starts += 1

    def stop(self, timeout: float = 0.5) -> None:
        self.engine.commands.put(Quit())
        self.thread.join(timeout)

    pid = None


@pytest.fixture
def make_app():
    apps: list[QaApp] = []

    def make(**kwargs: Any) -> QaApp:
        app = QaApp(InlineCompute(), **kwargs)  # type: ignore[arg-type]
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.compute.stop()
