"""Topic: is there something smarter than random initialization."""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
Weights must be random (identical ones would make every unit learn the same thing), but their
**scale** decides whether training can start at all. Each layer multiplies the spread of its
input by about sqrt(fan_in) x (weight std), and ReLU halves the mean square on top. Over 50
layers a factor of 10 per layer overflows float32 to inf/nan, 0.1 underflows to exactly zero,
and even 0.7 leaves ~1e-8: an output stuck near zero, and gradients just as tiny.

So choose the std that makes the factor one: 1/sqrt(fan_in) with no (or tanh-like) activation
(Xavier; Glorot's version averages fan_in and fan_out), sqrt(2/fan_in) for ReLU (Kaiming/He).
Kaiming keeps the mean square of the activations at one; the panel plots their std, which after
a ReLU is smaller (about 0.83 after the first layer), and at a finite width like 100 the typical
value drifts slowly down with depth although the average does not (Hanin & Rolnick 2018).
The first forward pass should give outputs of order one, even if they are wrong. Fancier starts
exist, but once the scale is sane, the effort usually pays more as extra passes over the data.

The panel sends a fixed 200x100 batch through freshly drawn 100x100 layers each step and plots
the std after each layer: median and min/max over the draws so far. Alongside, a deep net built
the same way (output layer zeroed, so all start at one loss) trains with SGD until its loss halves.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  17, "A Neural Net from the Foundations" (defining and initializing a layer).
- Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks",
  AISTATS 2010.
- He et al., "Delving Deep into Rectifiers", ICCV 2015 (Kaiming init).
- Hanin & Rolnick, "How to Start Training: The Effect of Initialization and Architecture",
  NeurIPS 2018 (the drift at finite width).
"""

EXPERIMENTS = (
    Experiment(
        "normal-overflows",
        "N(0, 1) weights, 50 ReLU layers",
        (("scheme", "normal"), ("activation", "relu"), ("layers", 50), ("multiplier", 1.0)),
        "Each layer multiplies the spread by about 7: the activations overflow float32 to inf "
        "before the last layer.",
        3,
        (C("readout:first inf/nan layer", "<", 50),),
    ),
    Experiment(
        "small-vanishes",
        "std 0.01 weights",
        (("scheme", "small"), ("activation", "relu"), ("layers", 50), ("multiplier", 1.0)),
        "Each layer multiplies the spread by about 0.07: the activations underflow to exactly 0.",
        3,
        (C("readout:first all-zero layer", "<", 50),),
    ),
    Experiment(
        "xavier-under-relu",
        "Xavier with ReLU",
        (("scheme", "xavier"), ("activation", "relu"), ("layers", 50), ("multiplier", 1.0)),
        "Xavier ignores that ReLU halves the mean square: the std shrinks about 0.7x per layer.",
        20,
        (C("readout:final std (median)", "<", 1e-5),),
    ),
    Experiment(
        "kaiming-relu",
        "Kaiming with ReLU",
        (("scheme", "kaiming"), ("activation", "relu"), ("layers", 50), ("multiplier", 1.0)),
        "The factor sqrt(2) makes up for ReLU: the std stays of order one through 50 layers "
        "(drifting down a little at width 100).",
        20,
        (C("readout:final std (median)", ">", 0.2), C("readout:final std (median)", "<", 2.0)),
    ),
)

TOPIC = Topic(
    slug="init",
    question="Isn't there something smarter to do than initialize randomly?",
    answer=ANSWER,
    params=(
        Param(
            "scheme",
            "init scheme",
            "xavier",
            scale="choice",
            choices=("normal", "small", "xavier", "kaiming"),
            help="weight std: normal 1, small 0.01, xavier 1/sqrt(n), kaiming sqrt(2/n); n = 100",
        ),
        Param(
            "activation",
            "activation",
            "relu",
            scale="choice",
            choices=("relu", "none"),
            help="after every layer",
        ),
        Param("layers", "layers", 50, 1, 100, scale="int", step=5, help="100x100 layers"),
        Param(
            "multiplier",
            "std multiplier",
            1.0,
            0.01,
            100.0,
            scale="log",
            step=2**0.5,
            help="times the scheme's std; each press x or / sqrt(2)",
        ),
    ),
    demo="demos.init_scale:InitDemo",
    pace=0.03,  # ~30 draws a second: the spread builds up visibly
    experiments=EXPERIMENTS,
)
