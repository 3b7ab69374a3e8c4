"""Question 2, mode "CT sinogram": the sinogram, the back-projection and the error sweep, drawn."""

from __future__ import annotations

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.images_ct_sinogram import SIZE, Config, ImagesCtSinogram
from demos.specs.images import TOPIC

COLUMNS = 90  # sinogram columns drawn: one per 2 degrees


def image_rows(image: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in image.tolist())


def sinogram_image(run: ImagesCtSinogram) -> torch.Tensor:
    """Detector position down, angle across (0 to 180 degrees); black where not yet taken."""
    done, sinogram = run.scan.done, run.scan.sinogram
    if run.n <= COLUMNS:  # each angle fills the columns up to the next one
        angle = torch.arange(COLUMNS) * run.n // COLUMNS
        return (sinogram[angle] * (angle < done)[:, None]).T
    column = torch.arange(done) * COLUMNS // run.n  # average the angles in a column
    image = torch.zeros(COLUMNS, SIZE).index_add_(0, column, sinogram[:done])
    counts = torch.zeros(COLUMNS).index_add_(0, column, torch.ones(done))
    return (image / counts.clamp(min=1)[:, None]).T


def readouts(run: ImagesCtSinogram) -> list[tuple[str, str]]:
    return [
        ("angles taken", f"{run.scan.done} of {run.n}"),
        ("measurements", f"{run.scan.done * SIZE} (pixels {SIZE * SIZE})"),
        ("back-projection", "ramp-filtered" if run.filtered else "plain (unfiltered)"),
        ("rel. error (best scale)", fmt(run.error(), 3)),
    ]


def message(run: ImagesCtSinogram) -> str:
    if run.scan.done < run.n:
        return "scanning: each angle adds a sinogram column and smears it back over the image"
    if run.status == "done":
        (n0, _, filtered0), (n1, plain1, filtered1) = run.sweep[0], run.sweep[-1]
        return (
            f"done: filtered error {filtered0:.2g} (N={n0}) -> {filtered1:.2g} (N={n1}); "
            f"plain stays near {plain1:.2g} whatever N"
        )
    return f"measuring error against N: scanning again at {run.sweep_scan.n} angles"


class ImagesCtSinogramDemo(LessonDemo):
    topic = TOPIC
    lesson = ImagesCtSinogram
    config = Config
    run: ImagesCtSinogram

    def frame(self) -> Frame:
        run = self.run
        ns = tuple(float(n) for n, _, _ in run.sweep)
        series = [
            Series("plain", tuple(p for _, p, _ in run.sweep), ns, color="blue"),
            Series("filtered", tuple(f for _, _, f in run.sweep), ns, color="orange"),
        ]
        if run.scan.done >= run.n:
            series.append(Series("now", (run.error(),), (float(run.n),), "scatter", "red"))
        method = "filtered" if run.filtered else "plain"
        plots = (
            Plot(  # the primary chart
                title=f"{method} back-projection",
                image=image_rows(run.scan.reconstruction(run.filtered)),
            ),
            Plot(
                title=f"sinogram, {run.scan.done} of {run.n} angles",
                image=image_rows(sinogram_image(run)),
            ),
            Plot(
                title="error vs number of angles",
                xlabel="angles N",
                ylabel="rel. error (best scale)",
                xlog=True,
                series=tuple(series),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
