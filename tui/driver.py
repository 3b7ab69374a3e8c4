"""Lenient decoding of the terminal's bytes.

Textual 8.2.8's drivers decode stdin with a strict incremental UTF-8 decoder
(`getincrementaldecoder("utf-8")()` inside `LinuxDriver.run_input_thread`): one byte that is
not UTF-8 (a Latin-1 terminal, a paste, line noise) raises UnicodeDecodeError on the input
thread and the app ends, losing what was not saved (upstream Textual issue 6456). The decoder is
built from the module's global `getincrementaldecoder`, so that name is the patch point: here it
gives decoders that replace bad bytes with U+FFFD, which the app ignores like any unbound key.
Nothing else in Textual changes, and no Textual source is copied.
"""

from __future__ import annotations

import codecs
import functools
import importlib
from collections.abc import Callable
from typing import Any

DRIVER_MODULES = (
    "textual.drivers.linux_driver",
    "textual.drivers.linux_inline_driver",
    "textual.drivers.web_driver",
)


def lenient_incremental_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """Like `codecs.getincrementaldecoder`, but its decoders replace what they cannot decode."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def install() -> list[str]:
    """Patch the drivers that are importable here; the names of those patched."""
    patched = []
    for name in DRIVER_MODULES:
        try:
            module: Any = importlib.import_module(name)
        except ImportError:  # e.g. termios on Windows
            continue
        if getattr(module, "getincrementaldecoder", None) is not None:
            module.getincrementaldecoder = lenient_incremental_decoder
            patched.append(name)
    return patched
