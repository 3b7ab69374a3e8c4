"""Topic: why not go even deeper."""

from demos.base import Param, Topic

ANSWER = """\
Depth is never free. Each extra layer is another width x width weight matrix to store and
update, one more matrix product forward and two more backward on every step, and one more
activation tensor kept in memory until the backward pass. A layer has to earn that cost.

For years, extra layers also made plain networks *harder* to train. Backprop multiplies the
gradient by every layer's Jacobian on its way down to the input; when those factors are
typically smaller than one (saturating activations, modest weights), the signal reaching the
first layers shrinks geometrically and they barely learn (larger than one, and it explodes).

A **residual** block computes h + f(h) instead of f(h). Its Jacobian is I + f'(h): the identity
gives the gradient a direct path to every layer, so early layers keep learning at any depth.
The skip costs no parameters and almost no compute. Real deep nets pair it with normalization,
which also keeps h from growing as blocks add up (try relu at large depth to see why).

The panel trains a plain and a residual MLP from the *same* starting weights (nn.Linear's
default init) with the same Adam settings on one 2-D regression. Left: both losses. Right: the
gradient norm of every hidden layer, input side first; the plain net's fades toward the input.
"""

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
)
