"""Topic: Why use backprop (automatic differentiation) when we could just do the calculus?"""

from demos.base import Topic

TOPIC = Topic(
    slug="autodiff",
    question='Why use backprop (automatic differentiation) when we could just do the calculus?',
    answer="",
)
