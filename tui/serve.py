"""Browser mode: the same app, served with textual-serve (the optional `web` extra).

textual-serve alone lets any web page the user visits open a session on the port (no secret,
no Origin check), starts a UI and a compute process (~270 MB) per connection without limit,
and each served app would remember its state in, and export into, the same places. So:
- every URL carries a secret made at launch (as Jupyter does): `http://localhost:PORT/SECRET/`;
  anything else is refused;
- the websocket must come from that origin (a page elsewhere cannot drive a session);
- at most MAX_SESSIONS at once; one more gets a page saying so;
- each session runs with `--forget` (no shared state) and with export off (the files would land
  on the server, not with the user): the app says so when `e` is pressed;
- the served command runs with `python -P`, so nothing is imported from the start directory.
"""

from __future__ import annotations

import hmac
import os
import secrets
import shlex
import sys
from typing import Any

MAX_SESSIONS = 3
NO_EXPORT_TEXT = (
    "Export is off in the browser version (the files would be written on the server). "
    "Run qa-tui in a terminal to export."
)
DROPPED = {"--serve", "--forget"}  # the served app gets --forget once, at the end


def app_command(argv: list[str]) -> list[str]:
    """The command each session runs: `python -P -m tui ARGS --forget` (no --serve, no --port)."""
    forwarded: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--port":
            skip = True
        elif arg not in DROPPED and not arg.startswith("--port="):
            forwarded.append(arg)
    safe = "-P" if sys.version_info >= (3, 11) else "-I"
    return [sys.executable, safe, "-m", "tui", *forwarded, "--forget"]


def serve(argv: list[str], port: int) -> int:
    try:
        from tui.web import GuardedServer
    except ImportError:
        print(
            "qa-tui: error: --serve needs textual-serve: pip install 'qa-tui[web]'",
            file=sys.stderr,
        )
        return 2
    os.environ["QA_TUI_NO_EXPORT"] = NO_EXPORT_TEXT  # inherited by every session's app
    server = GuardedServer(
        shlex.join(app_command(argv)),
        token=secrets.token_urlsafe(24),
        host="localhost",
        port=port,
        title="qa-tui",
        max_sessions=MAX_SESSIONS,
    )
    server.serve()
    return 0


def token_ok(given: Any, token: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())
