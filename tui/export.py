"""Export (`e`): the current frame's series as CSV, beside an SVG of the screen; never overwrites.

Names are `qa-tui-<slug>-<YYYYmmdd-HHMMSS>.csv`, then `...-1.csv`, `...-2.csv` if taken. Each
name is claimed with `O_CREAT | O_EXCL`, so two exports in the same second (or two copies of the
app) cannot write over each other or over a user's file. No Textual, no torch.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from demos.base import Frame

__all__ = ["SERIES_HEADER", "export_csv", "export_frame", "export_stem", "unique_path"]

SERIES_HEADER = ("plot", "series", "x", "y")
IMAGE_HEADER = ("plot", "row", "col", "value")
MAX_TRIES = 10_000


def export_stem(slug: str, now: datetime | None = None) -> str:
    """`qa-tui-<slug>-<YYYYmmdd-HHMMSS>` in local time."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", slug) or "topic"
    return f"qa-tui-{safe}-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}"


def unique_path(directory: Path, stem: str, suffix: str) -> Path:
    """A new, empty file `<stem><suffix>` (or `<stem>-1<suffix>`, ...) in `directory`.

    The file is created here, race-free, to claim the name; write into it afterwards (for
    example `path.write_text(app.export_screenshot())`). Raises OSError (FileNotFoundError if
    `directory` does not exist, PermissionError, FileExistsError after 10 000 taken names)."""
    fd, path = _create(Path(directory), stem, suffix)
    os.close(fd)
    return path


def export_frame(
    frame: Frame, slug: str, directory: Path, now: datetime | None = None
) -> list[Path]:
    """Write the frame's series CSV, plus `<same name>-images.csv` when it has images.

    Returns the paths written (series CSV first). Raises OSError; a file that could not be
    completed is removed."""
    directory = Path(directory)
    stem = export_stem(slug, now)
    paths = [_write_csv(directory, stem, SERIES_HEADER, _series_rows(frame))]
    if any(plot.image is not None for plot in frame.plots):
        paths.append(
            _write_csv(directory, f"{paths[0].stem}-images", IMAGE_HEADER, _image_rows(frame))
        )
    return paths


def export_csv(frame: Frame, slug: str, directory: Path, now: datetime | None = None) -> Path:
    """`export_frame`, returning the series CSV (columns plot, series, x, y)."""
    return export_frame(frame, slug, directory, now)[0]


# --- internals ---------------------------------------------------------------------------------
def _create(directory: Path, stem: str, suffix: str) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for n in range(MAX_TRIES):
        path = directory / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
        try:
            return os.open(path, flags, 0o644), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for {stem}{suffix} in {directory}")


def _write_csv(
    directory: Path, stem: str, header: tuple[str, ...], rows: Iterator[list[str]]
) -> Path:
    fd, path = _create(directory, stem, ".csv")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(rows)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _number(value: float) -> str:
    """Integers as integers, floats so they read back exactly; nan, inf and -inf by name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    number = float(value)
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)


def _series_rows(frame: Frame) -> Iterator[list[str]]:
    for plot in frame.plots:
        for series in plot.series:
            xs = series.x if series.x is not None else range(len(series.y))
            for x, y in zip(xs, series.y, strict=False):  # as drawn: the shorter wins
                yield [plot.title, series.label, _number(x), _number(y)]


def _image_rows(frame: Frame) -> Iterator[list[str]]:
    for plot in frame.plots:
        for r, row in enumerate(plot.image or ()):
            for c, value in enumerate(row):
                yield [plot.title, str(r), str(c), _number(value)]
