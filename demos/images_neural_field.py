"""Question 2, mode "neural field": target, the field drawn finer, and the loss curve, drawn."""

from __future__ import annotations

import math

import torch

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.images_neural_field import SIZE, VIEW, Config, ImagesNeuralField
from demos.phantom import head_phantom
from demos.specs.images import TOPIC

CURVE_POINTS = 400  # longest series sent per frame


def image_rows(image: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in image.tolist())


def between(run: ImagesNeuralField) -> float:
    """The MSE on the finer grid, against the phantom drawn at that size."""
    return (run.render() - head_phantom(VIEW).float()).square().mean().item()


def readouts(run: ImagesNeuralField) -> list[tuple[str, str]]:
    loss = run.losses[-1] if run.losses else math.nan
    weights = sum(p.numel() for p in run.model.parameters())
    return [
        ("Adam steps", str(len(run.losses))),
        ("loss (MSE at pixels)", fmt(loss, 3)),
        ("PSNR", f"{fmt(run.psnr(), 3)} dB"),
        (f"MSE at {VIEW}x{VIEW}", fmt(between(run), 3)),
        ("inputs per point", str(run.inputs.shape[1])),
        ("dead ReLUs (L2)", "{} of {}".format(*run.dead_units())),
        ("weights vs pixels", f"{weights} vs {SIZE * SIZE}"),
    ]


def message(run: ImagesNeuralField) -> str:
    if run.status == "diverged":
        return f"diverged at step {run.steps}: lower the learning rate and reset"
    if not run.losses:
        return "about to fit intensity = MLP(x, y) to every pixel with Adam"
    psnr = f"PSNR {fmt(run.psnr(), 3)} dB"
    dead, units = run.dead_units()
    if dead == units:
        return f"{psnr}: one flat grey, every ReLU of layer 2 is dead (lr too large); lower it"
    if run.stuck():
        return f"{psnr}: the loss is no lower than at the start; lr is too large, lower it"
    done = "done: " if run.status == "done" else ""
    if run.count == 0:
        return f"{done}{psnr}: on raw (x, y) a ReLU MLP learns smooth shapes first; edges blur"
    loss = run.losses[-1]
    if 2 ** (run.count - 1) >= SIZE // 2 and run.psnr() > 25 and between(run) > 10 * loss:
        return f"{done}{psnr} at the pixels; between them the top frequencies ring (MSE x10+)"
    return f"{done}{psnr} with {run.count} Fourier frequencies per axis"


class ImagesNeuralFieldDemo(LessonDemo):
    topic = TOPIC
    lesson = ImagesNeuralField
    config = Config
    run: ImagesNeuralField

    def frame(self) -> Frame:
        run = self.run
        stride = max(1, math.ceil(len(run.losses) / CURVE_POINTS))
        picked = [(i, v) for i, v in enumerate(run.losses) if i % stride == 0 and math.isfinite(v)]
        plots = (
            Plot(title=f"MLP(x, y) drawn at {VIEW}x{VIEW}", image=image_rows(run.render())),
            Plot(
                title=f"target, {SIZE}x{SIZE} pixels",
                image=image_rows(run.target.reshape(SIZE, SIZE)),
            ),
            Plot(
                title="training loss (MSE)",
                xlabel="Adam step",
                ylabel="loss",
                ylog=True,
                series=(
                    Series("loss", tuple(v for _, v in picked), tuple(float(i) for i, _ in picked)),
                ),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
