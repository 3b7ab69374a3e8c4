"""Topic: what a gradient is."""

from demos.base import Param, Topic

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
"""

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
)
