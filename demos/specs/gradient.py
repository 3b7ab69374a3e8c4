"""Topic: what a gradient is."""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
A **gradient** is always one precise number (or one per parameter): how fast *this* loss would
change if we nudged *this* parameter a little, with the inputs and every other parameter held
where they are right now. It belongs to a specific point, not to the function in general.

In PyTorch, `loss.backward()` fills `param.grad` with d(loss)/d(param) at the current values.
Ask for the gradient with respect to a different tensor (say the input `x`) and you get a
different number, because you are asking a different question. (Pandas' `background_gradient`
is just a colour ramp: unrelated.)

The panel computes `param.grad` with autograd, checks it against a finite difference, and then
walks downhill: each step moves `param` by `-lr * param.grad`. With the absolute loss the
gradient is always +x or -x, never smaller, so a fixed step keeps hopping over the minimum.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Calculating Gradients" and "Stepping With a Learning Rate".
- Griewank & Walther, *Evaluating Derivatives* (2nd ed., SIAM 2008), on what autograd computes.
"""

EXPERIMENTS = (
    Experiment(
        "kink-bounce",
        "Absolute loss, lr 0.3: watch param near the minimum",
        (("loss", "absolute"), ("lr", 0.3)),
        "param.grad is +1 or -1 however close param gets, so every step has the same length "
        "and param hops over the kink for ever.",
        40,
        (C("message", "has", "hopping over the kink"),),
    ),
    Experiment(
        "squared-settles",
        "Squared loss, same lr: the steps shrink",
        (("loss", "squared"), ("lr", 0.3)),
        "The gradient 2x(x param - target) shrinks with the error, so the steps shrink too and "
        "param settles where the loss is 0.",
        80,
        (C("status", "has", "done"), C("readout:loss", "<", 1e-12)),
    ),
    Experiment(
        "lr-too-large",
        "Squared loss, lr 2: past lr * 2x^2 = 2",
        (("loss", "squared"), ("lr", 2.0)),
        "Each step multiplies the error by 1 - 2 lr x^2 = -3: it flips sign and triples, and "
        "the run diverges.",
        40,
        (C("status", "has", "diverged"),),
    ),
    Experiment(
        "zero-input",
        "Input x = 0: is there anything to learn?",
        (("x", 0.0),),
        "With x = 0 the loss does not depend on param: param.grad is 0 and nothing moves, "
        "while x.grad is not 0.",
        5,
        (C("message", "has", "nothing to learn"), C("readout:x.grad", "<", -1.0)),
    ),
)

TOPIC = Topic(
    slug="gradient",
    question='Chapter 4 uses "gradient" in several different ways. What\'s up with that?',
    answer=ANSWER,
    params=(
        Param("param", "param (start)", 3.0, -5.0, 5.0, step=0.25, help="where descent starts"),
        Param("x", "input x", 1.0, -3.0, 3.0, step=0.25, help="the input; f = x * param"),
        Param("target", "target", 2.0, -5.0, 5.0, step=0.25, help="what f should equal"),
        Param(
            "loss",
            "loss",
            "absolute",
            scale="choice",
            choices=("absolute", "squared"),
            help="|f - target| or (f - target)^2",
        ),
        Param("lr", "learning rate", 0.3, 0.001, 4.0, scale="log", help="step = -lr * grad"),
    ),
    demo="demos.gradient:GradientDemo",
    pace=0.12,
    experiments=EXPERIMENTS,
)
