"""Topic: is there something smarter than random initialization."""

from demos.base import Param, Topic

ANSWER = """\
Random weights are needed (identical ones would make every unit compute the same thing), but
their **scale** decides whether training can start at all. Each layer multiplies the spread of
its input by roughly sqrt(fan_in) x (weight std), times a factor for the activation (ReLU keeps
half the signal, so the variance halves). Over 50 layers a per-layer factor of 10 overflows
float32 to inf/nan, a factor of 0.1 underflows to exactly zero, and 0.7 still leaves ~1e-8.

So pick the std that makes the factor 1: 1/sqrt(fan_in) (Xavier/Glorot-style) for layers with
no or tanh-like activation, sqrt(2/fan_in) (Kaiming/He) for ReLU. The goal is a forward pass
whose outputs are of order one, even if they are wrong. Cleverer starts exist (pretraining,
data-dependent or orthogonal init), but past a sane scale, more training data usually pays more.

The panel pushes a fixed 200x100 batch through freshly drawn 100x100 layers each step and plots
the activation std per layer: median and min/max over all draws so far. Alongside, a deep net
with the same layers (output layer zeroed so all start at the same loss) trains with SGD: how
many steps until its loss halves?
"""

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
)
