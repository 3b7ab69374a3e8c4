"""Topic: Why use backprop (automatic differentiation) when we could just do the calculus?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
Derivatives written out by hand or by a symbolic algebra system swell with every layer and
repeat the same subterms. Automatic differentiation builds no formula: it applies the chain rule
to the operations the program actually ran, reusing values saved from the forward pass, so a
gradient costs a small constant times one evaluation and is exact up to rounding. Finite
differences need an extra evaluation per input and trade truncation error (big h) against
rounding error (small h): their best error is near sqrt(eps) (forward) or eps^(2/3) (central).

Backprop is *reverse* mode: one backward pass gives one output's derivative with respect to all
inputs, ideal for a scalar loss. *Forward* mode carries one input direction at a time, so it wins
with few inputs and many outputs. The cheapest mix of the two is NP-hard to find in general, so
frameworks mostly use reverse mode. **forward vs reverse** builds whole Jacobians of
f: Rⁿ→R and g: R→Rᵐ both ways, one backward pass per output or one dual-number pass per input,
and times them as n and m grow; **finite differences** plots error against h.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "Calculating Gradients", and chapter 17, "The Forward and Backward Passes".
- Griewank & Walther, *Evaluating Derivatives: Principles and Techniques of Algorithmic
  Differentiation*, 2nd ed., SIAM 2008.
- Baydin et al., "Automatic Differentiation in Machine Learning: a Survey", JMLR 2018.
- Naumann, "Optimal Jacobian accumulation is NP-complete", Mathematical Programming 2008.
"""

EXPERIMENTS = (
    Experiment(
        "each-mode-wins",
        "Whole Jacobians up to n = m = 256",
        (("mode", "forward vs reverse"), ("size", 256)),
        "f has one output, so reverse mode needs one pass and wins; g has one input, so "
        "forward mode does.",
        300,
        (
            C("readout:f at n=256", "has", "reverse"),
            C("readout:g at m=256", "has", "forward"),
        ),
    ),
    Experiment(
        "finite-difference-v",
        "Finite differences in float64",
        (("mode", "finite differences"), ("dtype", "float64")),
        "The error falls with h, then rises again as rounding takes over; autograd's error is "
        "rounding only.",
        60,
        (
            C("status", "has", "done"),
            C("readout:best forward: h, error", "<", 1e-5),
            C("readout:best forward: h, error", ">", 1e-11),
            C("readout:autograd error", "<", 1e-12),
        ),
    ),
    Experiment(
        "float32",
        "The same in float32",
        (("mode", "finite differences"), ("dtype", "float32")),
        "Rounding error is 1e9 times larger: the best h moves up to around 1e-4 and the best "
        "error is far worse.",
        60,
        (C("status", "has", "done"), C("readout:best forward: h, error", ">", 1e-5)),
    ),
)

TOPIC = Topic(
    slug="autodiff",
    question="Why use backprop (automatic differentiation) when we could just do the calculus?",
    answer=ANSWER,
    params=(
        Param(
            "mode",
            "mode",
            "forward vs reverse",
            scale="choice",
            choices=("forward vs reverse", "finite differences"),
            help="time the two autodiff modes, or compare with finite differences",
        ),
        Param(
            "size",
            "largest n and m",
            1024,
            4,
            1024,
            scale="log",
            help="the sweep doubles n (inputs of f) and m (outputs of g) up to this",
            modes=("forward vs reverse",),
        ),
        Param(
            "dtype",
            "dtype",
            "float64",
            scale="choice",
            choices=("float64", "float32"),
            help="precision of every computation",
        ),
        Param(
            "x0",
            "point x0",
            1.0,
            -2.0,
            2.0,
            step=0.25,
            help="where f(x) = exp(x) sin(3x) is differentiated",
            modes=("finite differences",),
        ),
    ),
    demo="demos.autodiff:AutodiffDemo",
    pace=0.1,
    experiments=EXPERIMENTS,
)
