"""Topic: What if there are a different number of elements in every row?"""

from demos.base import Topic

TOPIC = Topic(
    slug="padding",
    question='What if there are a different number of elements in every row?',
    answer="",
)
