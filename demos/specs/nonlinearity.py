"""Topic: why we need ReLUs or other nonlinearities."""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
Two linear layers in a row are still one linear layer. With weights A then B, the second layer
computes B(Ax). Matrix products are **associative**, so B(Ax) = (BA)x: the pair is exactly the
single layer with weights BA. (The course notes say *commutative*; that is a slip: AB and BA
usually differ. Here A is width x 1 and B is 1 x width, so BA is one number and AB a whole
width x width matrix, as the readouts show for the trained pair.) Stacking more linear layers
adds parameters but no new shapes: the model can still only draw a straight line.

Put a nonlinearity (ReLU, tanh, ...) between them and the trick breaks: each hidden unit bends
the line at its own place, and the next layer adds the bends up into curves, kinks and steps.

The panel trains both models, Linear-Linear and Linear-activation-Linear, with the same width on
the same 1-D target. The linear pair never beats the best straight line.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Adding a Nonlinearity".
- Cybenko, "Approximation by superpositions of a sigmoidal function", 1989 (one hidden layer can
  approximate any continuous function).
"""

EXPERIMENTS = (
    Experiment(
        "linear-is-a-line",
        "Linear-Linear on the sine",
        (("target", "sine"), ("activation", "relu"), ("lr", 0.01)),
        "The linear pair ends on the best straight line and no lower: B(Ax) = (BA)x, one layer.",
        300,
        (
            C("readout:linear-linear loss", "<", 1.02, over="readout:best straight line"),
            C("readout:max|B(Ax) - (BA)x|", "<", 1e-4),
        ),
    ),
    Experiment(
        "relu-bends",
        "Linear-ReLU-Linear on the same sine",
        (("target", "sine"), ("activation", "relu"), ("lr", 0.01)),
        "With a ReLU between the layers each unit adds a bend: the loss falls at least 10x "
        "below the best straight line.",
        400,
        (C("readout:relu net loss", "<", 0.1, over="readout:best straight line"),),
    ),
)

TOPIC = Topic(
    slug="nonlinearity",
    question="Why do we need ReLUs or other nonlinearities?",
    answer=ANSWER,
    params=(
        Param(
            "target",
            "target",
            "sine",
            scale="choice",
            choices=("sine", "abs", "step"),
            help="the 1-D function both nets fit",
        ),
        Param("width", "hidden width", 32, 1, 256, scale="int", step=4, help="units per layer"),
        Param(
            "activation",
            "activation",
            "relu",
            scale="choice",
            choices=("relu", "tanh", "sigmoid", "gelu"),
            help="the nonlinearity between the layers",
        ),
        Param("lr", "learning rate", 0.01, 1e-4, 1.0, scale="log", help="Adam's step size"),
    ),
    demo="demos.nonlinearity:NonlinearityDemo",
    pace=0.01,  # ~70 steps a second: a curve you can watch, and a core left for the rest
    experiments=EXPERIMENTS,
)
