"""What qa-tui remembers between runs: the last question, and each question's values and seed.

Kept in `state.json` in the config directory (`tui.paths.config_dir()`: platformdirs', on Linux
`$XDG_CONFIG_HOME/qa-tui`, default `~/.config/qa-tui`; `QA_TUI_CONFIG_DIR` names another one).
Loading never raises: a corrupt, foreign or unreadable file gives an empty state and a one-line
warning, and that file is then left alone (never saved over: it may be another program's, or
worth a look); entries that no longer fit (a removed question or parameter, a value out of range
or of the wrong kind) are dropped or clamped. Saving writes a temporary file and renames it over
the old one, so a crash never leaves half a file; it returns a warning instead of raising.
No Textual, no torch.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demos import get_topic, slugs
from demos.base import Param, Topic, Value
from tui.paths import APP, config_dir
from tui.settings import seed_ok

__all__ = ["APP", "VERSION", "State", "config_dir", "load_state", "save_state", "state_path"]

VERSION = 1
MAX_BYTES = 1_000_000  # a state file is a few kB; anything this big is not ours


@dataclass
class State:
    """`values[slug]` holds only values that differ from the topic's defaults."""

    last: str | None = None
    values: dict[str, dict[str, Value]] = field(default_factory=dict)
    seeds: dict[str, int] = field(default_factory=dict)
    paused: set[str] = field(default_factory=set)  # the questions left paused
    # The file that was there could not be used: leave it as it is (not part of the state).
    keep_away: bool = field(default=False, compare=False)

    def remember(
        self, slug: str, values: Mapping[str, Value], seed: int, paused: bool = False
    ) -> None:
        """The question now open, with its current values, seed and pause."""
        topic = get_topic(slug)
        if paused:
            self.paused.add(slug)
        else:
            self.paused.discard(slug)
        self.last = slug
        self.values[slug] = {
            p.name: values[p.name]
            for p in topic.params
            if p.name in values and values[p.name] != p.default
        }
        self.seeds[slug] = int(seed)

    def values_for(self, topic: Topic) -> dict[str, Value]:
        """Every parameter of `topic`: the remembered value, else the default."""
        return topic.defaults() | self.values.get(topic.slug, {})

    def seed_for(self, slug: str, default: int = 0) -> int:
        return self.seeds.get(slug, default)

    def paused_for(self, slug: str, default: bool = False) -> bool:
        """Was `slug` left paused? `default` for a question not seen yet."""
        return slug in self.paused if slug in self.seeds else default

    def to_json(self) -> dict[str, Any]:
        topics: dict[str, Any] = {}
        for slug in sorted(set(self.values) | set(self.seeds)):
            entry: dict[str, Any] = {}
            if slug in self.seeds:
                entry["seed"] = self.seeds[slug]
            if slug in self.paused:
                entry["paused"] = True
            entry["values"] = dict(self.values.get(slug, {}))
            topics[slug] = entry
        return {"app": APP, "version": VERSION, "last": self.last, "topics": topics}


def state_path() -> Path:
    return config_dir() / "state.json"


def load_state() -> tuple[State, str | None]:
    """The remembered state and a warning (one line) if the file could not be used."""
    try:
        path = state_path()
    except RuntimeError as error:  # no home directory
        return State(), f"cannot find the config directory: {error}"
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return State(), None  # first run (or no directory there: saving will say why)
    except OSError as error:
        return _kept(f"ignored {path}: cannot read it ({error.strerror or error})")
    if len(raw) > MAX_BYTES:
        return _kept(f"ignored {path}: too large to be qa-tui's state")
    if not raw.strip():
        return State(), f"ignored {path}: not valid JSON (empty)"  # nothing to keep
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return _kept(f"ignored {path}: not valid JSON")
    if not isinstance(data, dict) or data.get("app") != APP:
        return _kept(f"ignored {path}: not a qa-tui state file")
    version = data.get("version")
    if version != VERSION:
        return _kept(f"ignored {path}: unsupported version {version!r} (this qa-tui reads 1)")
    return _state_from(data), None


def _kept(warning: str) -> tuple[State, str]:
    return State(keep_away=True), f"{warning}; left as it is, so nothing will be remembered"


def save_state(state: State) -> str | None:
    """Write the state atomically; a one-line warning instead of raising on failure."""
    try:
        path = state_path()
    except RuntimeError as error:
        return f"cannot save state: cannot find the config directory ({error})"
    if state.keep_away:
        return None  # said once at start: the file there is not ours to replace
    try:
        text = json.dumps(state.to_json(), indent=2, sort_keys=True, allow_nan=False) + "\n"
    except (TypeError, ValueError) as error:  # a value JSON cannot hold (nan, an object)
        return f"cannot save state: {error}"
    try:
        if path.read_text(encoding="utf-8") == text:
            return None  # nothing changed: no write at all
    except (OSError, UnicodeDecodeError):
        pass
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
        temp = None
    except OSError as error:
        return f"cannot save state to {path}: {error.strerror or error}"
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return None


# --- reading a file we may not fully trust -----------------------------------------------------
def _state_from(data: Mapping[str, Any]) -> State:
    state = State()
    last = data.get("last")
    if isinstance(last, str) and last in slugs():
        state.last = last
    topics = data.get("topics")
    if not isinstance(topics, dict):
        return state
    for slug, entry in topics.items():
        if slug not in slugs() or not isinstance(entry, dict):
            continue
        topic = get_topic(slug)
        seed = entry.get("seed")
        if seed_ok(seed):
            state.seeds[slug] = seed
        if entry.get("paused") is True:
            state.paused.add(slug)
        values = entry.get("values")
        if isinstance(values, dict):
            kept: dict[str, Value] = {}
            for param in topic.params:
                value = _value(param, values[param.name]) if param.name in values else None
                if value is not None and value != param.default:
                    kept[param.name] = value
            state.values[slug] = kept
    return state


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value(param: Param, raw: Any) -> Value | None:
    """The value clamped into range, or None if it is of the wrong kind."""
    if param.scale == "bool":
        return raw if isinstance(raw, bool) else None
    if param.scale == "choice":
        return raw if isinstance(raw, str) and raw in param.choices else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    try:
        number = float(raw)
    except OverflowError:  # an integer too big for a float
        return None
    if not math.isfinite(number):  # json reads NaN and Infinity
        return None
    return param.clamp(number)
