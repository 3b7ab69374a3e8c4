"""Topic: Are there other ways of representing images besides pixels?"""

from demos.base import Topic

TOPIC = Topic(
    slug="images",
    question='Are there other ways of representing images besides pixels?',
    answer="",
)
