"""Topic: Are there other ways of representing images besides pixels?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

MODES = ("MRI k-space", "CT sinogram", "neural field")

ANSWER = """\
Yes: pixels are one basis among many. An invertible transform keeps the same information, and
scanners often *measure* such a transform, turning it into pixels (or 3-D voxels) at the end.

- **MRI** records the 2-D Fourier transform of a slice, called *k-space*; an inverse FFT gives
  pixels. Its centre holds the coarse shapes, its rim the fine edges: skip the rim to scan
  faster, and the image blurs and rings.
- **CT** records line integrals (how much X-ray each ray loses) at many angles; stacked by angle
  they form a *sinogram*. Smearing each profile back along its rays (back-projection) blurs
  every point into a 1/r halo; ramp-filtering the profiles first cancels that blur.
- A **neural field** keeps the image in weights: intensity = MLP(x, y), so it can be sampled
  at any resolution. On raw (x, y) a small MLP learns smooth blobs; sin and cos of the
  coordinates at several frequencies (*Fourier features*, Tancik et al. 2020) let it draw edges.
- **NeRF** (Mildenhall et al. 2020) does this for 3-D scenes: an MLP maps a point (x, y, z) and
  a viewing direction to a colour and a density, and volume rendering along each camera ray
  turns those into images. It calls its sin/cos encoding of the inputs *positional encoding*.

The panel turns a 64x64 head phantom into each one and back, and plots the error against the
share of k-space kept, the number of CT angles, or the Adam steps taken.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Pixels: The Foundations of Computer Vision".
- Kak & Slaney, *Principles of Computerized Tomographic Imaging* (IEEE Press 1988), chapter 3:
  filtered back-projection.
- Mildenhall et al., "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
  ECCV 2020.
- Tancik et al., "Fourier Features Let Networks Learn High Frequency Functions in Low
  Dimensional Domains", NeurIPS 2020.
"""

EXPERIMENTS = (
    Experiment(
        "full-kspace",
        "MRI: keep 100 % of k-space",
        (("mode", "MRI k-space"), ("keep", 100.0)),
        "With every Fourier coefficient kept the inverse FFT gives the pixels back exactly: "
        "the largest pixel error is rounding.",
        5,
        (C("readout:max |pixel error|", "<", 1e-6),),
    ),
    Experiment(
        "ct-plain-vs-filtered",
        "CT: plain back-projection, then let the sweep run",
        (("mode", "CT sinogram"), ("backprojection", "plain")),
        "The plain curve stays flat however many angles are taken; the filtered one falls: the "
        "1/r blur of plain back-projection does not average out.",
        80,
        (
            C("status", "has", "done"),
            C("last:error vs number of angles/plain", ">", 0.5),
            C("last:error vs number of angles/filtered", "<", 0.3),
        ),
    ),
    Experiment(
        "raw-coordinates",
        "Neural field on raw (x, y): no Fourier features",
        (("mode", "neural field"), ("frequencies", 0)),
        "The MLP draws smooth blobs and the edges stay blurred: PSNR stays low.",
        120,
        (C("readout:PSNR", "<", 22.0), C("step", ">=", 100)),
    ),
    Experiment(
        "fourier-features",
        "Neural field with 6 Fourier frequencies",
        (("mode", "neural field"), ("frequencies", 6)),
        "sin and cos of the coordinates let the same MLP draw sharp edges: in as many Adam "
        "steps PSNR climbs well past what raw (x, y) reaches.",
        150,
        (C("readout:PSNR", ">", 24.0),),
    ),
)

TOPIC = Topic(
    slug="images",
    question="Are there other ways of representing images besides pixels?",
    answer=ANSWER,
    params=(
        Param("mode", "mode", MODES[0], scale="choice", choices=MODES, help="which representation"),
        Param(
            "keep",
            "k-space kept (%)",
            8.0,
            1.0,
            100.0,
            scale="log",
            step=2.0,
            help="centred share of Fourier coefficients kept",
            modes=("MRI k-space",),
        ),
        Param(
            "angles",
            "angles N",
            45,
            1,
            180,
            scale="int",
            step=15,
            help="projections, evenly spaced over 180 degrees",
            modes=("CT sinogram",),
        ),
        Param(
            "backprojection",
            "back-projection",
            "filtered",
            scale="choice",
            choices=("filtered", "plain"),
            help="ramp-filter each projection before smearing it back, or not",
            modes=("CT sinogram",),
        ),
        Param(
            "frequencies",
            "Fourier frequencies",
            4,
            0,
            10,
            scale="int",
            step=1,
            help="sin/cos of 2^k pi x for k < this; 0 = raw (x, y)",
            modes=("neural field",),
        ),
        Param(
            "lr",
            "learning rate",
            0.01,
            1e-4,
            1.0,
            scale="log",
            step=2.0,
            help="Adam's step size",
            modes=("neural field",),
        ),
        Param(
            "width",
            "MLP width",
            64,
            16,
            128,
            scale="int",
            step=16,
            help="units in each of the two hidden layers",
            modes=("neural field",),
        ),
    ),
    demo="demos.images:ImagesDemo",
    pace=0.02,
    experiments=EXPERIMENTS,
)
