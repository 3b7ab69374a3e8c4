"""Give freed heap memory back to the system.

The charts are drawn on their own thread, so glibc gives that thread its own malloc arena; lines
of chart text of every length come and go there, and the freed pieces stay mapped. Over half an
hour of topic switches that held the UI's resident size 40 % above where it started, although
the Python objects alive did not grow. `malloc_trim(0)` hands the free pages of every arena
back; it takes about a millisecond and runs every few seconds while the app is open.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable


def trimmer() -> Callable[[], None] | None:
    """A function that trims the malloc heap, or None where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int

    def run() -> None:
        trim(0)

    return run
