"""Question 3, mode "memory": the array and the tensor drawn side by side as the write goes in."""

from __future__ import annotations

from demos.base import Frame, LessonDemo, Plot, Series, as_status, fmt
from demos.lessons.numpy_memory import Config, NumpyMemory
from demos.specs.numpy_vs_torch import TOPIC


def readouts(run: NumpyMemory) -> list[tuple[str, str]]:
    i = run.index
    if run.shared:
        shares = "yes, same address" if run.same_address else "yes (overlapping)"
    else:
        shares = "no, separate copy"
    array_i, tensor_i = float(run.array[i]), float(run.tensor[i])
    return [
        ("shares memory", shares),
        ("array[i] / tensor[i]", f"{fmt(array_i)} / {fmt(tensor_i)}"),
        ("dtype np / torch", f"{run.array.dtype} / {str(run.tensor.dtype)[6:]}"),
        ("strides np (bytes)", str(run.array.strides)),
        ("strides torch (elems)", str(run.tensor.stride())),
    ]


def message(run: NumpyMemory) -> str:
    if run.shared:
        outcome = "the array changes too: one buffer"
    else:
        outcome = "only the tensor changes: it is a copy"
    value = fmt(float(run.tensor[run.index]), 3)
    return f"tensor[{run.index}] = {value} via {run.how}: {outcome}"


class NumpyMemoryDemo(LessonDemo):
    topic = TOPIC
    lesson = NumpyMemory
    config = Config
    run: NumpyMemory

    def frame(self) -> Frame:
        run, i = self.run, self.run.index
        xs = tuple(float(k) for k in range(len(run.tensor)))
        array_y = tuple(float(v) for v in run.array.tolist())
        tensor_y = tuple(float(v) for v in run.tensor.tolist())
        ylim = (-10.0, 10.0)
        plots = (
            Plot(
                title="NumPy array",
                xlabel="index",
                ylim=ylim,
                series=(
                    Series("array", array_y, xs, "bar", color="blue"),
                    Series("array[i]", (array_y[i],), (float(i),), "bar", color="red"),
                ),
            ),
            Plot(
                title="torch tensor (written)",
                xlabel="index",
                ylim=ylim,
                series=(
                    Series("tensor", tensor_y, xs, "bar", color="orange"),
                    Series("tensor[i]", (tensor_y[i],), (float(i),), "bar", color="red"),
                ),
            ),
        )
        return Frame(run.steps, as_status(run.status), message(run), plots, tuple(readouts(run)))
