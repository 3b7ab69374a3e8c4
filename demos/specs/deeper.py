"""Topic: why not go even deeper."""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
Depth is never free: every extra layer is another weight matrix to store and update, one more
matrix product forward and two more backward per step, and one more activation tensor held in
memory until the backward pass. It has to earn that cost in accuracy.

For years, depth also made plain nets *harder* to train. Backprop multiplies the gradient by
each layer's Jacobian on its way to the input; when those factors are typically below one
(saturating activations, modest weights), the gradient reaching the first layers shrinks
geometrically and they barely learn (above one, it explodes instead).

A **residual** block computes h + f(h) instead of f(h). Its Jacobian is I plus f's Jacobian, so
the identity gives every layer a direct gradient path, at no cost in parameters. Real deep nets
also add normalization, which stops h growing as blocks add up (try relu at depth 64).

The panel trains a plain and a residual MLP from the *same* starting weights (nn.Linear's
default init) with the same Adam settings: their losses, and each hidden layer's gradient norm,
input side first. The plain net's gradient fades toward the input and its loss stalls.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Going Deeper", and chapter 14, "ResNets".
- He et al., "Deep Residual Learning for Image Recognition", CVPR 2016.
- Ioffe & Szegedy, "Batch Normalization", ICML 2015.
"""

EXPERIMENTS = (
    Experiment(
        "residual-wins",
        "Depth 30, tanh: plain against residual",
        (("depth", 30), ("activation", "tanh")),
        "From the same weights the residual net's loss ends at least 100x lower, while the "
        "plain net's first layer gets almost no gradient.",
        300,
        (C("readout:plain loss", ">", 100.0, over="readout:residual loss"),),
    ),
    Experiment(
        "shallow-both-learn",
        "Depth 2: both nets",
        (("depth", 2), ("activation", "tanh")),
        "Shallow, both nets learn: both losses fall below 0.1 (which ends lower varies).",
        300,
        (C("readout:plain loss", "<", 0.1), C("readout:residual loss", "<", 0.1)),
    ),
    Experiment(
        "relu-no-norm",
        "ReLU at depth 64",
        (("depth", 64), ("activation", "relu")),
        "Each residual block adds a nonnegative ReLU output, so h grows block by block and the "
        "residual net starts with a huge loss: real deep nets add normalization.",
        30,
        (C("message", "has", "residual worse"),),
    ),
)

TOPIC = Topic(
    slug="deeper",
    question="Why not go even deeper?",
    answer=ANSWER,
    params=(
        Param(
            "depth",
            "depth (hidden layers)",
            20,
            1,
            64,
            scale="int",
            step=1,
            help="width x width layers between the input and output layers",
        ),
        Param("width", "width", 32, 4, 128, scale="int", step=4, help="units per hidden layer"),
        Param("lr", "learning rate", 1e-3, 1e-5, 0.1, scale="log", help="Adam's step size"),
        Param(
            "activation",
            "activation",
            "tanh",
            scale="choice",
            choices=("tanh", "relu", "gelu", "sigmoid"),
            help="f in h <- f(Wh + b) (plain) and h <- h + f(Wh + b) (residual)",
        ),
    ),
    demo="demos.deeper:DeeperDemo",
    pace=0.01,  # leaves the UI and the machine room; the curves still move every frame
    experiments=EXPERIMENTS,
)
