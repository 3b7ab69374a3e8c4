"""Browser mode: the same app, served with textual-serve (the optional `web` extra)."""

from __future__ import annotations

import shlex
import sys


def serve(argv: list[str], port: int) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "qa-tui: error: --serve needs textual-serve: pip install 'qa-tui[web]'",
            file=sys.stderr,
        )
        return 2
    forwarded = [a for a in argv if a not in ("--serve",)]
    if "--port" in forwarded:  # the served app itself takes no port
        index = forwarded.index("--port")
        del forwarded[index : index + 2]
    forwarded = [a for a in forwarded if not a.startswith("--port=")]
    command = shlex.join([sys.executable, "-m", "tui", *forwarded])
    Server(command, host="localhost", port=port, title="qa-tui").serve()
    return 0
