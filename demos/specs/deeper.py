"""Topic: Why not go even deeper?"""

from demos.base import Topic

TOPIC = Topic(
    slug="deeper",
    question='Why not go even deeper?',
    answer="",
)
