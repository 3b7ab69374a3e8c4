"""Each topic's question, answer and parameters: plain data, no torch. In the source's order."""

from demos.base import Topic
from demos.specs import (
    autodiff,
    deeper,
    gradient,
    images,
    init,
    minibatch,
    nonlinearity,
    numpy_vs_torch,
    padding,
    sgd,
)

TOPICS: tuple[Topic, ...] = (
    gradient.TOPIC,
    images.TOPIC,
    numpy_vs_torch.TOPIC,
    deeper.TOPIC,
    init.TOPIC,
    minibatch.TOPIC,
    padding.TOPIC,
    nonlinearity.TOPIC,
    autodiff.TOPIC,
    sgd.TOPIC,
)
