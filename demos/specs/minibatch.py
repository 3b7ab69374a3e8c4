"""Topic: Might mini-batches mislead us?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
A little, on every step, and that is mostly fine. A mini-batch gradient is an unbiased but
noisy estimate of the full-data gradient: on average it points the right way, yet one batch can
point sideways or even uphill. Its spread shrinks like 1/sqrt(B): 64 times the batch buys
only 8 times less noise (and a batch of all the data has none).

The noise is not only a cost: it can shake the weights out of narrow, sharp minima, and flat
minima tend to generalise better. Orvieto et al. (2022) inject noise on purpose and find that
*anticorrelated* noise, adding xi_{n+1} - xi_n instead of a fresh xi_{n+1}, generalises better.
Its sum telescopes to xi_n - xi_0 and stays small, while fresh noise piles up like a random
walk; on average Anti-PGD descends a smoothed loss that penalises the Hessian trace.

**batch size**: mini-batch vs full-data loss, how often a step goes uphill, and the measured
gradient spread for every B against 1/sqrt(B). **noise injection**: GD, PGD and Anti-PGD start
in a sharp minimum and share the same noise draws; sharpness is the Hessian trace.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Mini-Batches".
- Orvieto et al., "Anticorrelated Noise Injection for Improved Generalization", ICML 2022, arXiv
  2202.02831.
- Keskar et al., "On Large-Batch Training for Deep Learning: Generalization Gap and Sharp
  Minima", ICLR 2017.
"""

MODES = ("batch size", "noise injection")
BATCH = ("batch size",)
NOISE = ("noise injection",)

EXPERIMENTS = (
    Experiment(
        "noise-vs-batch",
        "Watch the gradient spread against B",
        (("mode", "batch size"), ("batch", 8), ("lr", 0.05)),
        "64 times the batch buys only 8 times less noise: the spread at B=1 over B=64 is near "
        "sqrt(64) = 8.",
        50,
        (C("readout:spread B=1 / B=64", ">", 6.0), C("readout:spread B=1 / B=64", "<", 10.0)),
    ),
    Experiment(
        "full-batch",
        "B = 2048, all the data",
        (("mode", "batch size"), ("batch", 2048), ("lr", 0.05)),
        "Every step is the full gradient: none points uphill, and the mini-batch and full-data "
        "losses are one curve.",
        30,
        (C("readout:uphill grads", "<", 0.5), C("message", "has", "no noise")),
    ),
    Experiment(
        "lr-past-bound",
        "lr 2, past 2/lambda_max",
        (("mode", "batch size"), ("batch", 2048), ("lr", 2.0)),
        "Every step points downhill, yet the loss grows: each one overshoots along the "
        "steepest direction, and the run diverges.",
        200,
        (C("status", "has", "diverged"), C("message", "has", "2/lambda_max")),
    ),
    Experiment(
        "anti-pgd-wide",
        "Noise injection: GD, PGD, Anti-PGD",
        (("mode", "noise injection"), ("sigma", 0.25), ("eta", 0.02), ("start", -0.45)),
        "GD stays in the sharp minimum; Anti-PGD's noise telescopes, so it leaves the sharp "
        "minimum yet settles in the wide one.",
        300,
        (
            C("readout:GD ends (tr H)", "has", "sharp min"),
            C("readout:Anti-PGD ends (tr H)", "has", "wide min"),
        ),
    ),
)

TOPIC = Topic(
    slug="minibatch",
    question="Might mini-batches mislead us?",
    answer=ANSWER,
    params=(
        Param("mode", "mode", "batch size", scale="choice", choices=MODES, help="what to see"),
        Param(
            "batch",
            "batch size B",
            8,
            1,
            2048,
            scale="log",
            step=2,
            help="examples per step, of 2048",
            modes=BATCH,
        ),
        Param(
            "lr",
            "learning rate",
            0.05,
            0.001,
            2.0,
            scale="log",
            help="w -= lr * mini-batch gradient",
            modes=BATCH,
        ),
        Param(
            "sigma",
            "noise sigma",
            0.25,
            0.01,
            1.0,
            scale="log",
            step=1.5,
            help="std of each injected xi",
            modes=NOISE,
        ),
        Param(
            "eta",
            "step size eta",
            0.02,
            0.002,
            0.1,
            scale="log",
            step=1.5,
            help="w -= eta * grad (+ noise); past 2/lambda_max = 0.048 GD too leaves the sharp min",
            modes=NOISE,
        ),
        Param(
            "start",
            "start x",
            -0.45,
            -1.5,
            2.5,
            step=0.1,
            help="x of the common start; the sharp minimum is near -0.43",
            modes=NOISE,
        ),
    ),
    demo="demos.minibatch:MinibatchDemo",
    pace=0.02,
    experiments=EXPERIMENTS,
)
