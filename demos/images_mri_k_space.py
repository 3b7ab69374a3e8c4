"""Question 2, mode "MRI k-space": the kept k-space, its inverse FFT and the error sweep, drawn."""

from __future__ import annotations

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.images_mri_k_space import SIZE, Config, ImagesMriKSpace
from demos.specs.images import TOPIC


def image_rows(image: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in image.tolist())


def readouts(run: ImagesMriKSpace) -> list[tuple[str, str]]:
    return [
        ("coefficients kept", f"{run.kept} of {SIZE * SIZE}"),
        ("fraction kept", f"{100 * run.kept / SIZE**2:.3g} %"),
        ("relative error", fmt(run.error, 3)),
        ("max |pixel error|", fmt(run.max_error, 3)),
    ]


def message(run: ImagesMriKSpace) -> str:
    if run.kept == SIZE * SIZE:
        return "all of k-space kept: the inverse FFT gives the pixels back exactly"
    if run.status == "done":
        return "low frequencies carry the shapes; dropping the rest blurs edges and makes rings"
    return "sweeping the fraction kept: each point is a mask and one inverse FFT"


class ImagesMriKSpaceDemo(LessonDemo):
    topic = TOPIC
    lesson = ImagesMriKSpace
    config = Config
    run: ImagesMriKSpace

    def frame(self) -> Frame:
        run = self.run
        magnitude = torch.fft.fftshift(run.spectrum.abs().log1p() * run.mask)
        curve = Plot(
            title="error vs fraction kept",
            xlabel="% of k-space kept",
            ylabel="relative error",
            xlog=True,
            series=(
                Series("error", tuple(e for _, e in run.curve), tuple(p for p, _ in run.curve)),
                Series("now", (run.error,), (100 * run.kept / SIZE**2,), "scatter", "red"),
            ),
        )
        plots = (
            Plot(title="inverse FFT", image=image_rows(run.recon)),  # first: the primary chart
            Plot(title="k-space, log |F| (kept)", image=image_rows(magnitude)),
            curve,
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
