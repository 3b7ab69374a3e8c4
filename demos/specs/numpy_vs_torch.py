"""Topic: PyTorch vs NumPy arrays?"""

from demos.base import Condition as C
from demos.base import Experiment, Param, Topic

ANSWER = """\
A tensor and an ndarray are the same idea: a pointer to a block of memory plus a dtype, a shape
and strides that say how to walk it. That is why the two libraries can **share** one buffer.
`torch.from_numpy(a)` and `t.numpy()` never copy: write through one and the other sees it.
`torch.as_tensor(a)` shares when it can and quietly copies when it must (another dtype or
device). `torch.tensor(a)` always copies. Strides are counted in bytes by NumPy and in elements
by PyTorch. Defaults differ too: NumPy makes float64, torch makes float32, and a shared
tensor keeps the array's dtype. What torch adds is autograd and GPUs; on the CPU the speed of
plain array maths is often similar.

**memory**: pick a bridge, an index and a value; the panel writes the value *through the
tensor* and draws both arrays, so a shared buffer changes in both and a copy in one only.
**speed**: one operation timed live in NumPy and in torch as the size grows, the same way
(timeit after a warm-up, whichever goes first alternating, results written into a preallocated
array) and on the same number of threads (NumPy's BLAS is capped to torch's, with threadpoolctl).

**Sources**
- fastbook: Howard & Gugger, *Deep Learning for Coders with fastai and PyTorch* (2020), chapter
  4, "NumPy Arrays and PyTorch Tensors".
- The PyTorch documentation of `torch.from_numpy`, `torch.as_tensor` and `torch.tensor`.
"""

EXPERIMENTS = (
    Experiment(
        "shared-buffer",
        "torch.from_numpy, then write through the tensor",
        (("mode", "memory"), ("bridge", "from_numpy"), ("view", "whole")),
        "The array changes too: tensor and array are one buffer at the same address.",
        15,
        (C("readout:shares memory", "has", "yes"), C("message", "has", "the array changes")),
    ),
    Experiment(
        "copy",
        "torch.tensor(a): the same write",
        (("mode", "memory"), ("bridge", "tensor (copy)")),
        "Only the tensor changes: torch.tensor always copies.",
        15,
        (C("readout:shares memory", "has", "no"), C("message", "has", "only the tensor")),
    ),
    Experiment(
        "strides",
        "A strided view a[::2], as float64",
        (("mode", "memory"), ("view", "every 2nd"), ("dtype", "float64")),
        "One buffer, two ways to count: NumPy's stride is 16 bytes, torch's is 2 elements.",
        3,
        (
            C("readout:strides np (bytes)", "has", "(16,)"),
            C("readout:strides torch (elems)", "has", "(2,)"),
        ),
    ),
    Experiment(
        "speed-similar",
        "Speed: a * b + 1 at n = 262144",
        (("mode", "speed"), ("op", "elementwise"), ("n", 262144)),
        "Timed the same way on one thread each, NumPy and torch take about the same time.",
        60,
        (
            C("status", "has", "done"),
            C("readout:NumPy at n=262144", ">", 0.33, over="readout:torch at n=262144"),
            C("readout:NumPy at n=262144", "<", 3.0, over="readout:torch at n=262144"),
        ),
    ),
)

TOPIC = Topic(
    slug="numpy",
    question="PyTorch vs NumPy arrays?",
    answer=ANSWER,
    params=(
        Param(
            "mode",
            "mode",
            "memory",
            scale="choice",
            choices=("memory", "speed"),
            help="share memory, or race the two libraries",
        ),
        Param(
            "bridge",
            "bridge",
            "from_numpy",
            scale="choice",
            choices=("from_numpy", "as_tensor", "as_tensor(float32)", "tensor (copy)", ".numpy()"),
            help="how the tensor and the array are made from each other",
            modes=("memory",),
        ),
        Param(
            "view",
            "view",
            "whole",
            scale="choice",
            choices=("whole", "every 2nd"),
            help="bridge the whole array or a strided view a[::2]",
            modes=("memory",),
        ),
        Param(
            "index",
            "index",
            3,
            0,
            11,
            scale="int",
            help="which element to write (clamped to the view's length)",
            modes=("memory",),
        ),
        Param(
            "value",
            "value",
            -5.0,
            -9.0,
            9.0,
            step=1.0,
            help="what tensor[index] is set to",
            modes=("memory",),
        ),
        Param(
            "dtype",
            "dtype",
            "float64",
            scale="choice",
            choices=("float64", "float32", "int64"),
            help="the array's dtype (NumPy's default is float64)",
        ),
        Param(
            "op",
            "operation",
            "elementwise",
            scale="choice",
            choices=("elementwise", "matmul", "reduction"),
            help="a * b + 1, square matrices a @ b (both into a preallocated out), or a.sum()",
            modes=("speed",),
        ),
        Param(
            "n",
            "elements n",
            262144,
            64,
            4194304,
            scale="log",
            step=4.0,
            help="elements per input (matmul: sqrt(n) x sqrt(n) matrices)",
            modes=("speed",),
        ),
    ),
    demo="demos.numpy_bridge:NumpyDemo",
    pace=0.1,
    experiments=EXPERIMENTS,
)
