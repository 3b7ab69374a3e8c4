"""Question 9, mode "finite differences": the V of |error| against h, and autograd's, drawn."""

from __future__ import annotations

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.autodiff_finite_differences import H_STEPS, AutodiffFiniteDifferences, Config
from demos.specs.autodiff import TOPIC

FLOOR = 1e-17  # an error of exactly 0 is drawn here on the log axis


def readouts(run: AutodiffFiniteDifferences) -> list[tuple[str, str]]:
    h_now = fmt(run.errors[-1][0], 2) if run.errors else "starting"
    rows = [("exact f'(x0)", fmt(run.exact, 6)), ("h now", h_now)]
    if run.errors:
        forward = min(run.errors, key=lambda e: e[1])
        central = min(run.errors, key=lambda e: e[2])
        rows += [
            ("best forward: h, error", f"{fmt(forward[0], 2)}, {fmt(forward[1], 2)}"),
            ("best central: h, error", f"{fmt(central[0], 2)}, {fmt(central[2], 2)}"),
        ]
    exact_zero = run.autograd_error == 0
    rows.append(
        ("autograd error", "0 (drawn at 1e-17)" if exact_zero else fmt(run.autograd_error, 2))
    )
    return rows


def message(run: AutodiffFiniteDifferences) -> str:
    if not run.errors:
        return "shrinking h from 1e-1 to 1e-12"
    h, forward, _ = run.errors[-1]
    if run.status == "done":
        return "done: the V is truncation error (right) meeting rounding error (left)"
    return f"h = {fmt(h, 2)}: forward difference off by {fmt(forward, 2)}"


class AutodiffFiniteDifferencesDemo(LessonDemo):
    topic = TOPIC
    lesson = AutodiffFiniteDifferences
    config = Config
    run: AutodiffFiniteDifferences

    def frame(self) -> Frame:
        run = self.run
        hs = tuple(h for h, _, _ in run.errors)
        shown = max(run.autograd_error, FLOOR)
        label = "autograd (0, drawn at 1e-17)" if run.autograd_error == 0 else "autograd"
        plot = Plot(
            title=f"|error| of f'({fmt(run.x0, 3)}) vs step h, {run.dtype_name}",
            xlabel="h",
            ylabel="|error|",
            xlog=True,
            ylog=True,
            series=(
                Series(
                    "forward diff", tuple(max(e, FLOOR) for _, e, _ in run.errors), hs, color="blue"
                ),
                Series(
                    "central diff",
                    tuple(max(e, FLOOR) for _, _, e in run.errors),
                    hs,
                    color="orange",
                ),
                Series(label, (shown, shown), (H_STEPS[-1], H_STEPS[0]), color="green"),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), (plot,), tuple(readouts(run)))
