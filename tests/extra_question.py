"""An eleventh question, registered by tests/test_eleventh_question.py only: a demo written the
way README's "Adding a question" says, to prove the steps are enough (no torch needed here)."""

from __future__ import annotations

from demos.base import Demo, Frame, Param, Plot, Series, Topic, Values

TOPIC = Topic(
    slug="halving",
    question="What happens if we keep halving a number?",
    answer="Each step multiplies by `factor`; with a factor below one the value shrinks.",
    params=(Param("factor", "factor", 0.5, 0.1, 0.9, step=0.1, help="multiplied each step"),),
    demo="tests.extra_question:HalvingDemo",
)


class HalvingDemo(Demo):
    def reset(self, values: Values, seed: int) -> None:
        self.factor = float(values["factor"])
        self.values = [1.0]

    def step(self) -> bool:
        self.values.append(self.values[-1] * self.factor)
        return len(self.values) < 40

    def frame(self) -> Frame:
        steps = tuple(float(i) for i in range(len(self.values)))
        return Frame(
            step=len(self.values) - 1,
            status="running" if len(self.values) < 40 else "done",
            message=f"value after {len(self.values) - 1} steps",
            plots=(Plot("value per step", (Series("value", tuple(self.values), steps),)),),
            readouts=(("value", f"{self.values[-1]:.4g}"),),
        )
