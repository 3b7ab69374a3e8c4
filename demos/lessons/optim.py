"""SGD (with momentum) and Adam, written out as torch.optim defines them.

Use them as you would torch.optim's: `opt = Adam(model.parameters(), lr=1e-3)`, then
`opt.zero_grad(); loss.backward(); opt.step()`. Why not torch.optim itself: its first `step()`
imports torch._dynamo (about 2.5 s and 80 MiB on a lab machine) only to mark a graph break for
the compiler, and qa-tui never compiles. These classes do the same arithmetic in place, in the
same order (a test compares them with torch.optim), so the first step is as fast as the rest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch


class Optimizer:
    def __init__(self, params: Iterable[torch.Tensor], lr: float) -> None:
        self.params = [p for p in params if p.requires_grad]
        self.lr = lr

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def live(self) -> list[tuple[int, torch.Tensor, torch.Tensor]]:
        """(index, parameter, gradient) of every parameter that has a gradient."""
        return [(i, p, p.grad) for i, p in enumerate(self.params) if p.grad is not None]


class SGD(Optimizer):
    """torch.optim.SGD without dampening, weight decay or Nesterov."""

    def __init__(self, params: Iterable[torch.Tensor], lr: float, momentum: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = momentum
        self.buffers: dict[int, torch.Tensor] = {}

    @torch.no_grad()
    def step(self) -> None:
        for i, p, grad in self.live():
            if self.momentum:
                buffer = self.buffers.get(i)
                if buffer is None:
                    buffer = self.buffers[i] = grad.detach().clone()
                else:
                    buffer.mul_(self.momentum).add_(grad)
                grad = buffer
            p.add_(grad, alpha=-self.lr)


class Adam(Optimizer):
    """torch.optim.Adam without weight decay or AMSGrad."""

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.state: dict[int, tuple[torch.Tensor, torch.Tensor]] = {}
        self.steps: dict[int, int] = {}

    @torch.no_grad()
    def step(self) -> None:
        for i, p, grad in self.live():
            if i not in self.state:
                self.state[i] = (torch.zeros_like(p), torch.zeros_like(p))
            mean, square = self.state[i]
            count = self.steps[i] = self.steps.get(i, 0) + 1
            mean.lerp_(grad, 1 - self.beta1)
            square.mul_(self.beta2).addcmul_(grad, grad, value=1 - self.beta2)
            step_size = self.lr / (1 - self.beta1**count)
            denominator = (square.sqrt() / math.sqrt(1 - self.beta2**count)).add_(self.eps)
            p.addcdiv_(mean, denominator, value=-step_size)
