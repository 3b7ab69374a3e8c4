"""Where qa-tui keeps its files: the remembered state and the compute process's log.

The config directory is `QA_TUI_CONFIG_DIR` if set, else platformdirs' user config directory
(on Linux `$XDG_CONFIG_HOME/qa-tui`, default `~/.config/qa-tui`). Logs go to `QA_TUI_LOG_DIR`
if set, else platformdirs' user log directory (on Linux `~/.local/state/qa-tui/log`).
Nothing is created here. No Textual, no torch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "qa-tui"


def config_dir() -> Path:
    """May raise RuntimeError when there is no home directory to put it in."""
    override = os.environ.get("QA_TUI_CONFIG_DIR")
    if override:
        return Path(override)
    Path.home()  # RuntimeError without a home (platformdirs would answer a relative "~/...")
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if xdg and not os.path.isabs(xdg) and sys.platform not in ("darwin", "win32"):
        return Path.home() / ".config" / APP  # the XDG spec: a relative path is to be ignored
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("QA_TUI_LOG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP, appauthor=False))
