"""Topic: What are limitations of SGD?"""

from demos.base import Topic

TOPIC = Topic(
    slug="sgd",
    question='What are limitations of SGD?',
    answer="",
)
