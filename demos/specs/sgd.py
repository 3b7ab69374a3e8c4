"""Topic: What are limitations of SGD?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
Three that matter in practice. **The learning rate is hard to pick.** On a quadratic, plain
gradient descent is stable only while lr < 2/lambda_max (the largest Hessian eigenvalue), while
progress along flat directions is set by the smallest one: with a badly conditioned loss no
single lr is both safe and fast. Momentum tolerates larger steps; Adam rescales each coordinate
and rarely blows up, which is why adaptive optimizers are so popular (they still need tuning).

**It needs a gradient.** If the loss depends on a discrete choice (round, argmax, sampling one
action) it is flat between jumps: autograd returns exactly zero, or no gradient at all, and SGD
does not move. People train a smooth surrogate instead (cross-entropy, straight-through, ...).

**Structure can beat it.** Least squares has a direct solution: `torch.linalg.lstsq` is exact
in a fraction of a millisecond here, while SGD needs many steps to get within 1 % and, with
mini-batches, never settles exactly.

The panel has one mode for each point: lr, closed form, and discrete choice.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Stochastic Gradient Descent (SGD)", and chapter 16, "The Training Process".
- Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
- Bengio, Léonard & Courville, "Estimating or Propagating Gradients Through Stochastic Neurons",
  arXiv 1308.3432, 2013 (straight-through).
"""

MODES = ("learning rate", "closed form", "discrete choice")

EXPERIMENTS = (
    Experiment(
        "lr-past-bound",
        "lr 0.2 on the quadratic (2/lambda_max = 0.133)",
        (("mode", "learning rate"), ("function", "quadratic"), ("lr", 0.2)),
        "Plain SGD diverges once lr > 2/lambda_max; momentum and Adam still converge.",
        100,
        (C("readout:SGD loss", "has", "diverged"), C("readout:Adam loss", "<", 1e-6)),
    ),
    Experiment(
        "lr-below-bound",
        "lr 0.1, just below the bound",
        (("mode", "learning rate"), ("function", "quadratic"), ("lr", 0.1)),
        "Below 2/lambda_max plain SGD converges too.",
        200,
        (C("readout:SGD loss", "<", 1e-6),),
    ),
    Experiment(
        "lstsq-beats-sgd",
        "Closed form: lstsq against SGD",
        (("mode", "closed form"), ("batch", 256), ("fit_lr", 0.2)),
        "SGD needs dozens of steps to get within 1 % and costs more time than one exact lstsq "
        "call.",
        200,
        (C("readout:SGD steps to 1 %", ">", 10), C("readout:SGD time / lstsq time", ">", 1.0)),
    ),
    Experiment(
        "zero-gradient",
        "A loss through round()",
        (("mode", "discrete choice"), ("through", "round"), ("start", -2.0)),
        "round() is flat between jumps: autograd's gradient is exactly 0 and SGD never moves; "
        "the straight-through surrogate reaches the target.",
        60,
        (
            C("readout:autograd dloss/dtheta", "has", "0 (exactly)"),
            C("readout:SGD moved theta by", "<", 1e-12),
        ),
    ),
)

TOPIC = Topic(
    slug="sgd",
    question="What are limitations of SGD?",
    answer=ANSWER,
    params=(
        Param("mode", "mode", "learning rate", scale="choice", choices=MODES, help="what to see"),
        Param(
            "function",
            "function",
            "quadratic",
            scale="choice",
            choices=("quadratic", "rosenbrock"),
            help="ill-conditioned quadratic (eigenvalues 1 and 15), or Rosenbrock / 100",
            modes=("learning rate",),
        ),
        Param(
            "lr",
            "learning rate",
            0.1,
            1e-4,
            4.0,
            scale="log",
            help="the same lr for every optimizer",
            modes=("learning rate", "discrete choice"),
        ),
        Param(
            "batch",
            "batch size",
            256,
            1,
            1024,
            scale="log",
            step=2,
            help="examples per SGD step, of 1024 (1024 = full-batch GD)",
            modes=("closed form",),
        ),
        Param(
            "fit_lr",
            "learning rate",
            0.2,
            1e-3,
            2.0,
            scale="log",
            help="SGD's step size on least squares",
            modes=("closed form",),
        ),
        Param(
            "through",
            "choice through",
            "round",
            scale="choice",
            choices=("round", "argmax"),
            help="round(theta), or the argmax of a threshold classifier's logits",
            modes=("discrete choice",),
        ),
        Param(
            "start",
            "theta start",
            -2.0,
            -4.0,
            4.0,
            step=0.25,
            help="where both runs start",
            modes=("discrete choice",),
        ),
    ),
    demo="demos.sgd:SgdDemo",
    pace=0.03,
    experiments=EXPERIMENTS,
)
