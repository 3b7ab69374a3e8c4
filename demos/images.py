"""Three ways to hold an image besides its pixels: k-space (MRI), a sinogram (CT), a network.

Every mode starts from the same 64x64 head phantom and turns it into something else and back:
MRI keeps the lowest spatial frequencies of its Fourier transform; CT sums it along rotated rays
and back-projects; a neural field learns intensity = MLP(x, y) with Adam.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from demos.base import Demo, Frame, Plot, Series, Status, Values, fmt
from demos.optim import Adam
from demos.phantom import head_phantom
from demos.specs.images import TOPIC

SIZE = 64  # the phantom's side in pixels
CURVE_POINTS = 400  # longest series sent per frame
MRI_SWEEP = tuple(10 ** (2 * i / 47) for i in range(48))  # percent kept, 1 % to 100 %
CT_SWEEP = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 45, 64, 90, 128, 180)
CT_LIVE_STEPS = 90  # the live scan takes about this many steps whatever the number of angles
CT_SWEEP_CHUNK = 45  # angles per step while measuring error against N
SINOGRAM_COLUMNS = 90  # one column per 2 degrees
FIELD_MAX_ADAM = 1000
FIELD_VIEW = 96  # the field is a function: draw it finer than the pixels it learned from


def image_rows(image: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in image.tolist())


def relative_error(estimate: torch.Tensor, truth: torch.Tensor) -> float:
    """RMS error over RMS of the truth."""
    return ((estimate - truth).norm() / truth.norm()).item()


def best_scale_error(estimate: torch.Tensor, truth: torch.Tensor) -> float:
    """Relative error after the best brightness scale: plain back-projection has no natural one."""
    energy = estimate.square().sum()
    scale = (estimate * truth).sum() / energy if energy > 0 else estimate.new_tensor(0.0)
    return relative_error(scale * estimate, truth)


# --- MRI: the image as its 2-D Fourier transform -------------------------------------------------
def kspace_mask(size: int, percent: float) -> torch.Tensor:
    """Keep the lowest frequencies (a centred disc) covering at least `percent` of k-space.

    Whole rings are kept, so the mask is symmetric under k -> -k and the inverse stays real.
    """
    freqs = torch.fft.fftfreq(size, dtype=torch.float64)
    radius = (freqs[:, None] ** 2 + freqs[None, :] ** 2).sqrt()
    count = min(size * size, max(1, round(percent / 100 * size * size)))
    threshold = radius.flatten().sort().values[count - 1]
    return radius <= threshold


def mri_reconstruct(spectrum: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return torch.fft.ifft2(spectrum * mask).real


class MriRun:
    """Shows one reconstruction; each step adds one point to the error-vs-fraction curve."""

    def __init__(self, values: Values) -> None:
        self.truth = head_phantom(SIZE)
        self.spectrum = torch.fft.fft2(self.truth)
        self.percent = float(values["keep"])
        self.mask = kspace_mask(SIZE, self.percent)
        self.recon = mri_reconstruct(self.spectrum, self.mask)
        self.error = relative_error(self.recon, self.truth)
        self.max_error = (self.recon - self.truth).abs().max().item()
        self.kept = int(self.mask.sum().item())
        self.curve: list[tuple[float, float]] = []
        self.steps = 0
        self.status: Status = "running"

    def step(self) -> bool:
        percent = MRI_SWEEP[len(self.curve)]
        recon = mri_reconstruct(self.spectrum, kspace_mask(SIZE, percent))
        self.curve.append((percent, relative_error(recon, self.truth)))
        self.steps += 1
        if len(self.curve) == len(MRI_SWEEP):
            self.status = "done"
        return self.status == "running"

    def plots(self) -> tuple[Plot, ...]:
        magnitude = torch.fft.fftshift(self.spectrum.abs().log1p() * self.mask)
        curve = Plot(
            title="error vs fraction kept",
            xlabel="% of k-space kept",
            ylabel="relative error",
            xlog=True,
            series=(
                Series("error", tuple(e for _, e in self.curve), tuple(p for p, _ in self.curve)),
                Series("now", (self.error,), (100 * self.kept / SIZE**2,), "scatter", "red"),
            ),
        )
        return (
            Plot(title="inverse FFT", image=image_rows(self.recon)),  # first: the primary chart
            Plot(title="k-space, log |F| (kept)", image=image_rows(magnitude)),
            curve,
        )

    def readouts(self) -> tuple[tuple[str, str], ...]:
        return (
            ("coefficients kept", f"{self.kept} of {SIZE * SIZE}"),
            ("fraction kept", f"{100 * self.kept / SIZE**2:.3g} %"),
            ("relative error", fmt(self.error, 3)),
            ("max |pixel error|", fmt(self.max_error, 3)),
        )

    def message(self) -> str:
        if self.kept == SIZE * SIZE:
            return "all of k-space kept: the inverse FFT gives the pixels back exactly"
        if self.status == "done":
            return "low frequencies carry the shapes; dropping the rest blurs edges and makes rings"
        return "sweeping the fraction kept: each point is a mask and one inverse FFT"

    def frame(self) -> Frame:
        return Frame(self.steps, self.status, self.message(), self.plots(), self.readouts())


# --- CT: the image as line integrals at many angles (a sinogram) ---------------------------------
def rotation_grid(angles: torch.Tensor, size: int) -> torch.Tensor:
    """Sampling grids that rotate a (size, size) image by each angle about its centre."""
    cos, sin = angles.cos(), angles.sin()
    zero = torch.zeros_like(angles)
    theta = torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)
    return F.affine_grid(theta.float(), [len(angles), 1, size, size], align_corners=False)


def project(image: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """(n, size): the image rotated by each angle, summed down its columns (rays)."""
    size = image.shape[-1]
    stack = image.float().expand(len(angles), 1, size, size)
    rotated = F.grid_sample(stack, rotation_grid(angles, size), align_corners=False)
    return rotated.sum(dim=2).squeeze(1)


def back_project(rows: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """(c, size, size): smear each (n, c, size) profile back along its rays and add them up."""
    count, channels, size = rows.shape
    smears = rows.unsqueeze(2).expand(count, channels, size, size)
    back = F.grid_sample(smears, rotation_grid(-angles, size), align_corners=False)
    return back.sum(dim=0)


def ramp_kernel(size: int) -> torch.Tensor:
    """FFT of the band-limited ramp filter (Ram-Lak), for profiles zero-padded to 2x."""
    offsets = torch.arange(2 * size)
    offsets = torch.where(offsets < size, offsets, offsets - 2 * size).double()
    kernel = torch.where(offsets % 2 == 1, -1 / (math.pi * offsets) ** 2, 0.0)
    kernel[0] = 0.25
    return torch.fft.fft(kernel).real.float()


def ramp_filter(rows: torch.Tensor) -> torch.Tensor:
    size = rows.shape[-1]
    spectrum = torch.fft.fft(rows, n=2 * size) * ramp_kernel(size)
    return torch.fft.ifft(spectrum).real[..., :size]


class Scan:
    """A CT scan at `n` evenly spaced angles over 180 degrees, acquired a chunk at a time."""

    def __init__(self, image: torch.Tensor, n: int) -> None:
        self.image, self.n, self.done = image, n, 0
        self.angles = torch.arange(n, dtype=torch.float64) * math.pi / n
        self.sinogram = torch.zeros(n, image.shape[-1])
        self.sums = torch.zeros(2, image.shape[-1], image.shape[-1])  # plain, filtered

    def acquire(self, count: int) -> None:
        angles = self.angles[self.done : self.done + count]
        rows = project(self.image, angles)
        self.sinogram[self.done : self.done + len(angles)] = rows
        self.sums += back_project(torch.stack([rows, ramp_filter(rows)], 1), angles)
        self.done += len(angles)

    @property
    def complete(self) -> bool:
        return self.done >= self.n

    def reconstruction(self, filtered: bool) -> torch.Tensor:
        """Back-projection so far, with the pi / n of the integral over angle; zero outside."""
        size = self.image.shape[-1]
        centres = (torch.arange(size) + 0.5) / size * 2 - 1
        inside = centres[:, None] ** 2 + centres[None, :] ** 2 <= 1
        return self.sums[int(filtered)] * math.pi / self.n * inside


class CtRun:
    """Scans live a few angles per step, then measures error against N for both methods."""

    def __init__(self, values: Values) -> None:
        self.truth = head_phantom(SIZE).float()
        self.n = int(values["angles"])
        self.filtered = values["backprojection"] == "filtered"
        self.scan = Scan(self.truth, self.n)
        self.per_step = math.ceil(self.n / CT_LIVE_STEPS)
        self.sweep: list[tuple[int, float, float]] = []  # n, plain error, filtered error
        self.sweep_scan = Scan(self.truth, CT_SWEEP[0])
        self.steps = 0
        self.status: Status = "running"

    def step(self) -> bool:
        if not self.scan.complete:
            self.scan.acquire(self.per_step)
        else:
            self.sweep_scan.acquire(CT_SWEEP_CHUNK)
            if self.sweep_scan.complete:
                plain, filtered = (self.sweep_scan.reconstruction(f) for f in (False, True))
                errors = best_scale_error(plain, self.truth), best_scale_error(filtered, self.truth)
                self.sweep.append((self.sweep_scan.n, *errors))
                if len(self.sweep) < len(CT_SWEEP):
                    self.sweep_scan = Scan(self.truth, CT_SWEEP[len(self.sweep)])
                else:
                    self.status = "done"
        self.steps += 1
        return self.status == "running"

    def sinogram_image(self) -> torch.Tensor:
        """Detector position down, angle across (0 to 180 degrees); black where not yet taken."""
        done, sinogram = self.scan.done, self.scan.sinogram
        if self.n <= SINOGRAM_COLUMNS:  # each angle fills the columns up to the next one
            angle = torch.arange(SINOGRAM_COLUMNS) * self.n // SINOGRAM_COLUMNS
            return (sinogram[angle] * (angle < done)[:, None]).T
        column = torch.arange(done) * SINOGRAM_COLUMNS // self.n  # average angles in a column
        image = torch.zeros(SINOGRAM_COLUMNS, SIZE).index_add_(0, column, sinogram[:done])
        counts = torch.zeros(SINOGRAM_COLUMNS).index_add_(0, column, torch.ones(done))
        return (image / counts.clamp(min=1)[:, None]).T

    def plots(self, recon: torch.Tensor, error: float) -> tuple[Plot, ...]:
        ns = tuple(float(n) for n, _, _ in self.sweep)
        series = [
            Series("plain", tuple(p for _, p, _ in self.sweep), ns, color="blue"),
            Series("filtered", tuple(f for _, _, f in self.sweep), ns, color="orange"),
        ]
        if self.scan.complete:
            series.append(Series("now", (error,), (float(self.n),), "scatter", "red"))
        curve = Plot(
            title="error vs number of angles",
            xlabel="angles N",
            ylabel="rel. error (best scale)",
            xlog=True,
            series=tuple(series),
        )
        method = "filtered" if self.filtered else "plain"
        return (
            Plot(title=f"{method} back-projection", image=image_rows(recon)),  # the primary chart
            Plot(
                title=f"sinogram, {self.scan.done} of {self.n} angles",
                image=image_rows(self.sinogram_image()),
            ),
            curve,
        )

    def readouts(self, error: float) -> tuple[tuple[str, str], ...]:
        return (
            ("angles taken", f"{self.scan.done} of {self.n}"),
            ("measurements", f"{self.scan.done * SIZE} (pixels {SIZE * SIZE})"),
            ("back-projection", "ramp-filtered" if self.filtered else "plain (unfiltered)"),
            ("rel. error (best scale)", fmt(error, 3)),
        )

    def message(self) -> str:
        if not self.scan.complete:
            return "scanning: each angle adds a sinogram column and smears it back over the image"
        if self.status == "done":
            (n0, _, filtered0), (n1, plain1, filtered1) = self.sweep[0], self.sweep[-1]
            return (
                f"done: filtered error {filtered0:.2g} (N={n0}) -> {filtered1:.2g} (N={n1}); "
                f"plain stays near {plain1:.2g} whatever N"
            )
        return f"measuring error against N: scanning again at {self.sweep_scan.n} angles"

    def frame(self) -> Frame:
        recon = self.scan.reconstruction(self.filtered)
        error = best_scale_error(recon, self.truth)
        plots, readouts = self.plots(recon, error), self.readouts(error)
        return Frame(self.steps, self.status, self.message(), plots, readouts)


# --- neural field: the image as a function, intensity = MLP(x, y) --------------------------------
def pixel_coords(size: int) -> torch.Tensor:
    """(size * size, 2) pixel centres (x, y) in [-1, 1], row by row from the top."""
    centres = (torch.arange(size) + 0.5) / size * 2 - 1
    y, x = torch.meshgrid(-centres, centres, indexing="ij")
    return torch.stack([x.flatten(), y.flatten()], 1)


def fourier_features(coords: torch.Tensor, count: int) -> torch.Tensor:
    """(x, y) plus sin and cos of 2^k pi x and 2^k pi y for k < count: NeRF's "positional
    encoding", the axis-aligned case of Tancik et al.'s Fourier features."""
    scales = 2.0 ** torch.arange(count) * math.pi
    angles = (coords[:, :, None] * scales).flatten(1)
    return torch.cat([coords, angles.sin(), angles.cos()], 1)


def make_field(inputs: int, width: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(inputs, width),
        nn.ReLU(),
        nn.Linear(width, width),
        nn.ReLU(),
        nn.Linear(width, 1),
    )


class FieldRun:
    """Trains the MLP on all pixels at once: one Adam step per step (more if it is narrow)."""

    def __init__(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)
        self.count = int(values["frequencies"])
        width = int(values["width"])
        self.inputs = fourier_features(pixel_coords(SIZE), self.count)
        self.view = fourier_features(pixel_coords(FIELD_VIEW), self.count)
        self.view_truth = head_phantom(FIELD_VIEW).float()
        self.target = head_phantom(SIZE).float().flatten()[:, None]
        self.model = make_field(self.inputs.shape[1], width)
        self.weights = sum(p.numel() for p in self.model.parameters())
        lr = float(values["lr"])
        self.optimizer = Adam(self.model.parameters(), lr=lr)
        self.adam_per_step = max(1, 64 // width)  # narrow nets are cheap: take more steps
        self.losses: list[float] = []
        self.steps = 0
        self.status: Status = "running"

    def step(self) -> bool:
        for _ in range(self.adam_per_step):
            self.optimizer.zero_grad()
            loss = (self.model(self.inputs) - self.target).square().mean()
            loss.backward()
            self.optimizer.step()
            self.losses.append(loss.item())
            if not math.isfinite(self.losses[-1]):
                self.status = "diverged"
                break
        self.steps += 1
        if self.status == "running" and len(self.losses) >= FIELD_MAX_ADAM:
            self.status = "done"
        return self.status == "running"

    def render(self) -> torch.Tensor:
        """The field sampled on a finer grid than it was trained on."""
        with torch.no_grad():
            return self.model(self.view).reshape(FIELD_VIEW, FIELD_VIEW)

    def plots(self, view: torch.Tensor) -> tuple[Plot, ...]:
        stride = max(1, math.ceil(len(self.losses) / CURVE_POINTS))
        picked = [(i, v) for i, v in enumerate(self.losses) if i % stride == 0 and math.isfinite(v)]
        curve = Plot(
            title="training loss (MSE)",
            xlabel="Adam step",
            ylabel="loss",
            ylog=True,
            series=(
                Series("loss", tuple(v for _, v in picked), tuple(float(i) for i, _ in picked)),
            ),
        )
        return (
            Plot(title=f"MLP(x, y) drawn at {FIELD_VIEW}x{FIELD_VIEW}", image=image_rows(view)),
            Plot(
                title=f"target, {SIZE}x{SIZE} pixels",
                image=image_rows(self.target.reshape(SIZE, SIZE)),
            ),
            curve,
        )

    def readouts(self, view: torch.Tensor) -> tuple[tuple[str, str], ...]:
        loss = self.losses[-1] if self.losses else math.nan
        psnr = self.psnr()
        between = self.between(view)
        return (
            ("Adam steps", str(len(self.losses))),
            ("loss (MSE at pixels)", fmt(loss, 3)),
            ("PSNR", f"{fmt(psnr, 3)} dB"),
            (f"MSE at {FIELD_VIEW}x{FIELD_VIEW}", fmt(between, 3)),
            ("inputs per point", str(self.inputs.shape[1])),
            ("dead ReLUs (L2)", "{} of {}".format(*self.dead_units())),
            ("weights vs pixels", f"{self.weights} vs {SIZE * SIZE}"),
        )

    def psnr(self) -> float:
        """Peak signal to noise ratio at the pixels, in dB (the phantom's peak is 1)."""
        loss = self.losses[-1] if self.losses else math.nan
        return -10 * math.log10(loss) if loss > 0 else math.inf

    def dead_units(self) -> tuple[int, int]:
        """(dead, all) units of the last hidden layer: a dead ReLU outputs 0 at every pixel, so
        no gradient reaches its weights and it never comes back."""
        with torch.no_grad():
            hidden = self.model[:4](self.inputs)
        return int((hidden <= 0).all(dim=0).sum().item()), hidden.shape[1]

    def stuck(self) -> bool:
        """After 50 Adam steps, a loss no lower than the first: the lr is too large to descend."""
        return len(self.losses) >= 50 and min(self.losses[-10:]) >= self.losses[0]

    def message(self, between: float) -> str:
        """`between`: the MSE on the finer grid, against the phantom drawn at that size."""
        if self.status == "diverged":
            return f"diverged at step {self.steps}: lower the learning rate and reset"
        if not self.losses:
            return "about to fit intensity = MLP(x, y) to every pixel with Adam"
        psnr = f"PSNR {fmt(self.psnr(), 3)} dB"
        dead, units = self.dead_units()
        if dead == units:
            return f"{psnr}: one flat grey, every ReLU of layer 2 is dead (lr too large); lower it"
        if self.stuck():
            return f"{psnr}: the loss is no lower than at the start; lr is too large, lower it"
        done = "done: " if self.status == "done" else ""
        if self.count == 0:
            return f"{done}{psnr}: on raw (x, y) a ReLU MLP learns smooth shapes first; edges blur"
        loss = self.losses[-1]
        if 2 ** (self.count - 1) >= SIZE // 2 and self.psnr() > 25 and between > 10 * loss:
            return f"{done}{psnr} at the pixels; between them the top frequencies ring (MSE x10+)"
        return f"{done}{psnr} with {self.count} Fourier frequencies per axis"

    def between(self, view: torch.Tensor) -> float:
        return (view - self.view_truth).square().mean().item()

    def frame(self) -> Frame:
        view = self.render()
        plots, readouts = self.plots(view), self.readouts(view)
        message = self.message(self.between(view))
        return Frame(self.steps, self.status, message, plots, readouts)


# --- the panel ---------------------------------------------------------------------------------
class ImagesDemo(Demo):
    topic = TOPIC

    def reset(self, values: Values, seed: int) -> None:
        torch.manual_seed(seed)  # only the neural field draws random numbers
        mode = values["mode"]
        if mode == "CT sinogram":
            self.run: MriRun | CtRun | FieldRun = CtRun(values)
        elif mode == "neural field":
            self.run = FieldRun(values, seed)
        else:
            self.run = MriRun(values)

    def step(self) -> bool:
        if self.run.status != "running":
            return False
        return self.run.step()

    def frame(self) -> Frame:
        return self.run.frame()
