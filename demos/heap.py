"""Hand freed heap memory back to the system (glibc's `malloc_trim`), for both processes.

glibc keeps freed pages mapped in its arenas for reuse. In the UI, chart text of every length is
made and dropped on the chart thread; in the compute process each demo leaves its tensors' pages
behind when the next one loads. Neither is a leak, but both show as resident size that only grows.
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
