"""Topic: What if there are a different number of elements in every row?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
A tensor is a rectangle, so rows of different lengths (sentences, documents, sets of points) are
**padded**: each short row is filled up to the longest with a pad value, and a boolean **mask**
(or the list of lengths) records which entries are real. Padding alone is not enough: every
operation that mixes elements along a row must be told to ignore the pads. A mean must sum only
the real entries and divide by the row's own length; attention must set the scores of pad
positions to minus infinity before the softmax, so they get exactly zero weight. A very negative
pad value is not a mask: it only shrinks the leak. A row with no real elements at all has no
mean, and its softmax is 0/0: decide what it should be instead of letting NaN spread.

**means**: a new random batch each step; bars are each row's true mean, dots the naive mean over
the padded row and the masked mean. **attention**: the pad values act as scores; the image shows
the softmax weights without and with the mask, the bars how much weight lands on padding.

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  10, "NLP Deep Dive" (padding texts into batches).
- Vaswani et al., "Attention Is All You Need", NeurIPS 2017 (masking inside the softmax).
"""

EXPERIMENTS = (
    Experiment(
        "pads-drag-the-mean",
        "Pad with 10 and take row means",
        (("mode", "means"), ("pad", 10.0), ("empty", False)),
        "The naive mean counts the pads as data and lands far off; the masked mean is exact.",
        3,
        (C("readout:max |naive - true|", ">", 1.0), C("readout:max |masked - true|", "<", 1e-9)),
    ),
    Experiment(
        "attention-leak",
        "Attention over pads, no mask",
        (("mode", "attention"), ("pad", 0.0), ("empty", False)),
        "Without a mask a good share of a row's attention lands on padding; with it, exactly 0.",
        3,
        (C("readout:pad weight, no mask", ">", 0.1), C("readout:pad weight, masked", "<", 1e-12)),
    ),
    Experiment(
        "empty-row",
        "One row with no real elements",
        (("mode", "means"), ("empty", True)),
        "A row of pads has no mean: it is named and left out, never turned into NaN.",
        3,
        (C("readout:empty rows", "has", "row"),),
    ),
)

TOPIC = Topic(
    slug="padding",
    question="What if there are a different number of elements in every row?",
    answer=ANSWER,
    params=(
        Param(
            "mode",
            "mode",
            "means",
            scale="choice",
            choices=("means", "attention"),
            help="a row mean, or an attention softmax, over padded rows",
        ),
        Param("rows", "rows", 6, 1, 16, scale="int", help="sequences in the batch"),
        Param("max_len", "max length", 12, 1, 32, scale="int", help="lengths are 1 to this"),
        Param("pad", "pad value", 0.0, -10.0, 10.0, step=1.0, help="what fills the gaps"),
        Param("empty", "empty row", False, scale="bool", help="make one row all padding"),
    ),
    demo="demos.padding:PaddingDemo",
    pace=0.8,
    experiments=EXPERIMENTS,
)
