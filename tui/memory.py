"""Keep the UI's memory small and its pauses short.

Cyclic garbage collection: starting the app builds tens of thousands of objects that live as long
as the process (modules, stylesheets, widgets) and makes little garbage, yet the collector scans
them all, again and again: 70 ms before the first screen, and a full collection of 35-60 ms
every few seconds while the app runs, long enough to delay a key's echo. `hold_collection` turns
collection off while the app starts; `settle`, once its first screen is up, moves everything alive
into the permanent generation (`gc.freeze`, never scanned again) and turns collection back on for
what comes after: frames, charts, screens.

Freed heap memory:

The charts are drawn on their own thread, so glibc gives that thread its own malloc arena; lines
of chart text of every length come and go there, and the freed pieces stay mapped. Over half an
hour of topic switches that held the UI's resident size 40 % above where it started, although
the Python objects alive did not grow. `malloc_trim(0)` (demos.heap) hands the free pages of
every arena back; it takes about a millisecond and runs every few seconds while the app is open.
"""

from __future__ import annotations

import gc


def hold_collection() -> None:
    """No cyclic garbage collection until `settle` (reference counting still frees the rest)."""
    gc.disable()


def settle() -> None:
    """The app is up: what is alive now stays alive, so the collector need never scan it again."""
    gc.freeze()
    gc.enable()
