"""Topic: Isn't there something smarter to do than initialize randomly?"""

from demos.base import Topic

TOPIC = Topic(
    slug="init",
    question="Isn't there something smarter to do than initialize randomly?",
    answer="",
)
