"""textual-serve's Server with a secret in every URL, an Origin check and a session limit.

Subclassed, not forked: the routes are replaced (`_make_app`), the page and websocket handlers
check first and then hand over to textual-serve's own. Imported only by `qa-tui --serve`.
"""

from __future__ import annotations

import html
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from tui.serve import token_ok

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>qa-tui</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>qa-tui</h1><p>{text}</p></body></html>"""


def page(status: int, text: str) -> web.Response:
    return web.Response(
        status=status, text=PAGE.format(text=html.escape(text)), content_type="text/html"
    )


class GuardedServer(Server):
    def __init__(self, command: str, *, token: str, max_sessions: int, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.token = token
        self.max_sessions = max_sessions
        self.sessions = 0
        self.origins = {
            f"http://{host}:{self.port}" for host in ("localhost", "127.0.0.1", "[::1]")
        }

    @property
    def url(self) -> str:
        return f"{self.public_url}/{self.token}/"

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/{token}/", self.handle_index, name="index"),
                web.get("/{token}/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
                web.get("/{tail:.*}", self.handle_refused),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"qa-tui is served at {self.url}", highlight=False, markup=False)
        self.console.print(
            f"The link holds a secret: keep it to yourself. At most {self.max_sessions} "
            "sessions at once. Press Ctrl+C to stop.",
            highlight=False,
            markup=False,
        )

    def refusal(self, request: web.Request) -> web.Response | None:
        if not token_ok(request.match_info.get("token"), self.token):
            return page(403, "This address needs the secret link printed by qa-tui --serve.")
        if self.sessions >= self.max_sessions:
            return page(
                503,
                f"qa-tui is already running {self.max_sessions} sessions, the most it serves at "
                "once. Close one (its browser tab) and reload this page.",
            )
        return None

    async def handle_refused(self, request: web.Request) -> web.Response:
        return page(403, "This address needs the secret link printed by qa-tui --serve.")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        refused = self.refusal(request)
        if refused is not None:
            return refused
        ws = "wss:" if self.public_url.startswith("https") else "ws:"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws + self.url.split(":", 1)[1] + "ws",
            "config": {"static": {"url": f"{self.public_url}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        refused = self.refusal(request)
        if refused is not None:
            return refused
        origin = request.headers.get("Origin")
        if origin is not None and origin not in self.origins:
            return page(403, "A page from another site may not open a qa-tui session.")
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
