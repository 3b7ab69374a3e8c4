"""Topic: PyTorch vs NumPy arrays?"""

from demos.base import Topic

TOPIC = Topic(
    slug="numpy",
    question='PyTorch vs NumPy arrays?',
    answer="",
)
