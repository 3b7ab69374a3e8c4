"""Export (`e`): the current frame's series as CSV, beside an SVG of the screen; never overwrites.

Names are `qa-tui-<slug>-<YYYYmmdd-HHMMSS>.csv`, then `...-1.csv`, `...-2.csv` if taken. Each
file is written in full under a temporary name, then given its name with a hard link (which
fails rather than replace a file), so two exports in the same second (or two copies of the app)
cannot write over each other or over a user's file, and a failed export (disk full, file size
limit) leaves nothing behind: `export_all` removes what it had already named. No Textual, no torch.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from demos.base import Frame

__all__ = [
    "SERIES_HEADER",
    "Outcome",
    "export_all",
    "export_frame",
    "export_stem",
    "unique_path",
]

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
    paths = [_publish(directory, stem, ".csv", _csv(SERIES_HEADER, _series_rows(frame)))]
    if any(plot.image is not None for plot in frame.plots):
        try:
            images = _csv(IMAGE_HEADER, _image_rows(frame))
            paths.append(_publish(directory, f"{paths[0].stem}-images", ".csv", images))
        except BaseException:
            paths[0].unlink(missing_ok=True)
            raise
    return paths


@dataclass(frozen=True)
class Outcome:
    text: str  # one line for the user (outside text: show it as plain text)
    failed: bool
    paths: tuple[Path, ...] = ()


def export_all(
    frame: Frame, slug: str, directory: Path | None, screenshot: Callable[[], str]
) -> Outcome:
    """The CSV file(s) and an SVG of the screen in `directory` (default: the current one): all
    of them or, on any failure, none."""
    try:
        directory = Path(directory) if directory is not None else Path(os.getcwd())
    except FileNotFoundError:
        return Outcome(
            "Export failed: the current directory no longer exists (deleted or moved); "
            "nothing was written. Start qa-tui from an existing directory.",
            failed=True,
        )
    if not directory.is_dir():
        return Outcome(
            f"Export failed: the directory {directory} is gone; nothing was written.", failed=True
        )
    paths: list[Path] = []
    try:
        paths += export_frame(frame, slug, directory)
        svg = screenshot().encode("utf-8")
        paths.append(_publish(directory, paths[0].stem, ".svg", svg))
    except (OSError, ValueError) as error:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        gone = isinstance(error, FileNotFoundError) and not directory.is_dir()
        why = f"the directory {directory} is gone" if gone else _reason(error)
        return Outcome(f"Export failed: {why}; nothing was written.", failed=True)
    names = ", ".join(path.name for path in paths)
    return Outcome(f"Exported {names} to {directory}", failed=False, paths=tuple(paths))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror if error.errno != errno.EFBIG else "file too large"
    return str(error)


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


def _csv(header: tuple[str, ...], rows: Iterator[list[str]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def _publish(directory: Path, stem: str, suffix: str, data: bytes) -> Path:
    """`data` written in full to a temporary file, then linked as `<stem><suffix>` (or
    `<stem>-1<suffix>`, ...): a name appears only once its content is complete."""
    fd, temp = tempfile.mkstemp(prefix=".qa-tui-export-", suffix=".tmp", dir=directory)
    try:
        with open(fd, "wb") as file:
            file.write(data)
        os.chmod(temp, 0o644)
        for n in range(MAX_TRIES):
            path = directory / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
            try:
                os.link(temp, path)
                return path
            except FileExistsError:
                continue
            except OSError as error:  # a file system without hard links: claim, then replace
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                fd, path = _create(directory, stem, suffix)
                os.close(fd)
                os.replace(temp, path)
                return path
        raise FileExistsError(f"no free name for {stem}{suffix} in {directory}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


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
