"""Topic: Might mini-batches mislead us?"""

from demos.base import Topic

TOPIC = Topic(
    slug="minibatch",
    question='Might mini-batches mislead us?',
    answer="",
)
