"""demos/lessons/optim.py does torch.optim's arithmetic without importing torch._dynamo."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from demos.lessons.optim import SGD, Adam


def model(seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda p: SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
        (
            lambda p: SGD(p, lr=0.05, momentum=0.9),
            lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
        ),
        (lambda p: Adam(p, lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
        (
            lambda p: Adam(p, lr=0.003, betas=(0.8, 0.99)),
            lambda p: torch.optim.Adam(p, lr=0.003, betas=(0.8, 0.99), foreach=True),
        ),
    ],
)
def test_same_steps_as_torch_optim(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    x, y = torch.randn(32, 3, generator=torch.Generator().manual_seed(1)), torch.ones(32, 1)
    a, b = model(0), model(0)
    opt_a, opt_b = ours(a.parameters()), theirs(b.parameters())
    for _ in range(30):
        for net, opt in ((a, opt_a), (b, opt_b)):
            opt.zero_grad()
            (net(x) - y).square().mean().backward()
            opt.step()
    moved = [
        (pa - pb).abs().max().item() for pa, pb in zip(a.parameters(), b.parameters(), strict=True)
    ]
    assert max(moved) < 1e-6
    assert (a[0].weight - model(0)[0].weight).abs().max().item() > 1e-3  # it did train


def test_a_parameter_without_gradient_is_left_alone() -> None:
    w, frozen = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    opt = Adam([w, frozen], lr=0.1)
    (w * 3).sum().backward()
    opt.step()
    assert torch.equal(frozen, torch.ones(2)) and frozen.grad is None
    assert torch.allclose(w, torch.full((2,), 0.9))


def test_no_demo_imports_torch_dynamo_or_sympy() -> None:
    """torch._dynamo costs 2.5 s and 80 MiB on first import (torch.optim's step, torch.func,
    and forward-mode AD between dual and plain tensors all import it); sympy 34 MiB (vmap, and
    `torch.autograd.grad` given `grad_outputs`). The compute process would keep them all."""
    code = (
        "import sys\n"
        "from demos import SLUGS, get_topic\n"
        "from demos.headless import run\n"
        "for slug in SLUGS:\n"
        "    topic = get_topic(slug)\n"
        "    for mode in (topic.param('mode').choices if 'mode' in topic.defaults() else [None]):\n"
        "        values = {} if mode is None else {'mode': mode}\n"
        "        run(slug, values, seed=0, steps=3)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('torch._dynamo', 'sympy'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
