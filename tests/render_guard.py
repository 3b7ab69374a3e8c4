"""Run tui.plotting.render in a forked child with a memory cap and a deadline.

Some inputs make plotext allocate gigabytes for tens of seconds; run in the test process they
would take the whole CI machine down. The child reports what render returned or raised; a child
that runs out of time or memory is reported as such.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass

import psutil

from demos.base import Plot

MEMORY = 1_000_000_000  # bytes of address space the child may add to what it inherits


@dataclass
class Outcome:
    ok: bool
    detail: str  # "" when ok; else the exception, "timeout" or "killed"
    results: list[list[str]]  # render's lines for each size, when ok
    seconds: float


def render_guarded(plot: Plot, sizes: Sequence[tuple[int, int]], timeout: float = 2.0) -> Outcome:
    """render(plot, w, h) for each size, in a child process; never hangs, never eats the host."""
    limit = psutil.Process().memory_info().vms + MEMORY
    read_fd, write_fd = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: no pytest, no cleanup, just the answer
        code = 0
        try:
            os.close(read_fd)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            from tui.plotting import render

            try:
                answer: tuple[bool, str, list[list[str]]] = (
                    True,
                    "",
                    [render(plot, width, height) for width, height in sizes],
                )
            except BaseException as error:
                line = traceback.format_exception_only(type(error), error)[-1].strip()
                answer = (False, line, [])
            data = pickle.dumps(answer)
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view) :]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = started + timeout
    timed_out = False
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    seconds = time.perf_counter() - started
    if timed_out:
        return Outcome(False, f"timeout: still rendering after {timeout:g} s", [], seconds)
    if not chunks:
        return Outcome(False, "killed: the child died without an answer", [], seconds)
    ok, detail, results = pickle.loads(b"".join(chunks))
    return Outcome(ok, detail, results, seconds)
