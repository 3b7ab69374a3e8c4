"""Topic: Are there other ways of representing images besides pixels?"""

from demos.base import Param, Topic

MODES = ("MRI k-space", "CT sinogram", "neural field")

ANSWER = """\
TODO
"""

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
            6,
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
            0.003,
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
)
