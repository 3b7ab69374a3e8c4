"""Issue 17.10: `qa-tui --serve` takes a secret in every URL, checks Origin, limits sessions
(a page says so when full), shares no state between sessions and turns export off, saying so.
The server runs here with a stand-in app command, so no session costs a torch process."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

from aiohttp import web  # noqa: E402

from tui.serve import NO_EXPORT_TEXT, app_command  # noqa: E402
from tui.web import GuardedServer  # noqa: E402

TOKEN = "s3cret-token-for-the-test"
STAND_IN = "echo __GANGLION__; head -c 1 > /dev/null"  # a "Textual app" that ends when told


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def server() -> AsyncIterator[GuardedServer]:
    port = free_port()
    guarded = GuardedServer(
        STAND_IN, token=TOKEN, host="localhost", port=port, title="qa-tui", max_sessions=1
    )
    runner = web.AppRunner(await guarded._make_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield guarded
    await runner.cleanup()


def base(server: GuardedServer) -> str:
    return f"http://127.0.0.1:{server.port}"


async def test_only_the_secret_url_serves_the_page(server: GuardedServer) -> None:
    async with aiohttp.ClientSession() as client:
        for path in ("/", "/nope/", f"/{TOKEN}x/", "/download/anything", f"/{TOKEN}"):
            async with client.get(base(server) + path, allow_redirects=False) as response:
                assert response.status in (403, 404), (path, response.status)
        async with client.get(f"{base(server)}/{TOKEN}/") as response:
            assert response.status == 200
            assert f"/{TOKEN}/ws" in await response.text()


async def test_only_the_secret_url_serves_the_websocket(server: GuardedServer) -> None:
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{base(server)}/wrong/ws")
        assert refused.value.status == 403


async def test_a_page_from_another_site_cannot_open_a_session(server: GuardedServer) -> None:
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{base(server)}/{TOKEN}/ws", origin="http://evil.example")
        assert refused.value.status == 403
        ws = await client.ws_connect(
            f"{base(server)}/{TOKEN}/ws", origin=f"http://localhost:{server.port}"
        )
        await ws.close()


async def test_one_session_too_many_gets_a_page_saying_so(server: GuardedServer) -> None:
    async with aiohttp.ClientSession() as client:
        first = await client.ws_connect(f"{base(server)}/{TOKEN}/ws")
        for _ in range(50):
            if server.sessions == 1:
                break
            await asyncio.sleep(0.05)
        async with client.get(f"{base(server)}/{TOKEN}/") as response:
            assert response.status == 503
            assert "already running 1 sessions" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{base(server)}/{TOKEN}/ws")
        assert refused.value.status == 503
        await first.close()
        for _ in range(100):
            if server.sessions == 0:
                break
            await asyncio.sleep(0.05)
        again = await client.ws_connect(f"{base(server)}/{TOKEN}/ws")  # room again
        await again.close()


def test_each_session_forgets_and_runs_without_the_start_directory() -> None:
    command = app_command(["--serve", "--port", "8123", "--topic", "sgd", "--forget"])
    assert command[1] in ("-P", "-I") and command[2:4] == ["-m", "tui"]
    assert command[4:] == ["--topic", "sgd", "--forget"]
    assert app_command(["--serve", "--port=8123"])[4:] == ["--forget"]


async def test_export_is_off_in_the_browser_and_says_so(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .helpers import fresh_frame

    monkeypatch.setenv("QA_TUI_NO_EXPORT", NO_EXPORT_TEXT)
    monkeypatch.chdir(tmp_path)
    app = make_app(paused=True)
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (said.append(str(message)), notify(message, *a, **k))
    async with app.run_test(size=(120, 40)) as pilot:
        await fresh_frame(pilot)
        await pilot.press("e")
        await pilot.pause(0.2)
    assert list(tmp_path.iterdir()) == []
    assert any("Export is off in the browser version" in s for s in said), said
