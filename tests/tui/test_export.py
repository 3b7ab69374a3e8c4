"""Export: every series as CSV, images beside it, names that never overwrite anything."""

from __future__ import annotations

import csv
import threading
from datetime import datetime
from pathlib import Path

import pytest

from demos.base import Frame, Plot, Series
from demos.headless import run
from tui.export import export_frame, export_stem, unique_path

NOW = datetime(2025, 3, 4, 5, 6, 7)
STEM = "qa-tui-gradient-20250304-050607"

FRAME = Frame(
    step=3,
    plots=(
        Plot(
            "loss",
            series=(
                Series("train", (1.0, 0.5, float("nan"))),
                Series("valid, held out", (2.0, float("inf")), x=(10.0, 20.0)),
            ),
        ),
        Plot("empty"),
        Plot("scatter", series=(Series("pts", (0.1,), x=(-3,), kind="scatter"),)),
    ),
)

IMAGE_FRAME = Frame(
    step=1,
    plots=(
        Plot("phantom", image=((0.0, 0.5), (1.0, 0.25))),
        Plot("curve", series=(Series("y", (1.0,)),)),
    ),
)


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_stem_is_slug_and_local_time() -> None:
    assert export_stem("gradient", NOW) == STEM
    assert export_stem("a/../b c", NOW) == "qa-tui-a_.._b_c-20250304-050607"


def test_every_series_of_every_plot_is_written(tmp_path: Path) -> None:
    path = export_frame(FRAME, "gradient", tmp_path, now=NOW)[0]
    assert path == tmp_path / f"{STEM}.csv"
    assert rows(path) == [
        ["plot", "series", "x", "y"],
        ["loss", "train", "0", "1.0"],
        ["loss", "train", "1", "0.5"],
        ["loss", "train", "2", "nan"],
        ["loss", "valid, held out", "10.0", "2.0"],
        ["loss", "valid, held out", "20.0", "inf"],
        ["scatter", "pts", "-3", "0.1"],
    ]
    assert export_frame(FRAME, "gradient", tmp_path, now=NOW) == [tmp_path / f"{STEM}-1.csv"]


def test_numbers_read_back_exactly(tmp_path: Path) -> None:
    value = 0.1 + 0.2
    frame = Frame(step=0, plots=(Plot("p", series=(Series("s", (value, 1e-300)),)),))
    data = rows(export_frame(frame, "x", tmp_path)[0])
    assert float(data[1][3]) == value and float(data[2][3]) == 1e-300


def test_images_go_to_a_second_file_named_after_the_first(tmp_path: Path) -> None:
    paths = export_frame(IMAGE_FRAME, "images", tmp_path, now=NOW)
    stem = "qa-tui-images-20250304-050607"
    assert paths == [tmp_path / f"{stem}.csv", tmp_path / f"{stem}-images.csv"]
    assert rows(paths[0]) == [["plot", "series", "x", "y"], ["curve", "y", "0", "1.0"]]
    assert rows(paths[1]) == [
        ["plot", "row", "col", "value"],
        ["phantom", "0", "0", "0.0"],
        ["phantom", "0", "1", "0.5"],
        ["phantom", "1", "0", "1.0"],
        ["phantom", "1", "1", "0.25"],
    ]
    again = export_frame(IMAGE_FRAME, "images", tmp_path, now=NOW)
    assert again == [tmp_path / f"{stem}-1.csv", tmp_path / f"{stem}-1-images.csv"]


def test_never_overwrites_and_counts_up(tmp_path: Path) -> None:
    (tmp_path / f"{STEM}.csv").write_text("the user's own file")
    (tmp_path / f"{STEM}-1.csv").write_text("another")
    path = export_frame(FRAME, "gradient", tmp_path, now=NOW)[0]
    assert path.name == f"{STEM}-2.csv"
    assert (tmp_path / f"{STEM}.csv").read_text() == "the user's own file"
    assert (tmp_path / f"{STEM}-1.csv").read_text() == "another"
    assert export_frame(FRAME, "gradient", tmp_path, now=NOW)[0].name == f"{STEM}-3.csv"


def test_concurrent_exports_each_get_their_own_file(tmp_path: Path) -> None:
    paths: list[Path] = []
    lock = threading.Lock()

    def export() -> None:
        path = export_frame(FRAME, "gradient", tmp_path, now=NOW)[0]
        with lock:
            paths.append(path)

    threads = [threading.Thread(target=export) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(paths)) == 16
    assert all(len(rows(path)) == 7 for path in paths)


def test_unique_path_claims_the_name_for_the_screenshot(tmp_path: Path) -> None:
    csv_path = export_frame(FRAME, "gradient", tmp_path, now=NOW)[0]
    svg = unique_path(tmp_path, csv_path.stem, ".svg")
    assert svg == tmp_path / f"{STEM}.svg"
    assert svg.exists() and svg.read_bytes() == b""  # claimed: a second call counts up
    assert unique_path(tmp_path, csv_path.stem, ".svg") == tmp_path / f"{STEM}-1.svg"
    svg.write_text("<svg/>")
    assert svg.read_text() == "<svg/>"


def test_missing_directory_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        export_frame(FRAME, "gradient", tmp_path / "nope")[0]
    with pytest.raises(FileNotFoundError):
        unique_path(tmp_path / "nope", "x", ".svg")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_removes_the_partial_file(tmp_path: Path) -> None:
    bad = Frame(step=0, plots=(Plot("p", series=(Series("s", (1.0, "oops")),)),))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        export_frame(bad, "gradient", tmp_path)[0]
    assert list(tmp_path.iterdir()) == []


def test_a_real_demo_frame(tmp_path: Path) -> None:
    frame = run("gradient", steps=3)
    data = rows(export_frame(frame, "gradient", tmp_path)[0])
    expected = sum(len(s.y) for plot in frame.plots for s in plot.series)
    assert len(data) == 1 + expected
    assert {row[0] for row in data[1:]} <= {plot.title for plot in frame.plots}
