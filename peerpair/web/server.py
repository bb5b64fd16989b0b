"""Running the page: uvicorn on 127.0.0.1 only, and the lead's browser opened on it."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from peerpair.web.app import make_app

HOST = "127.0.0.1"  # SPEC 11: never reachable from another computer


def listening_socket(port: int) -> socket.socket:
    """A socket on 127.0.0.1:`port` (0 for any free port); OSError when the port is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise
    return sock


def server(
    folder: Path, sock: socket.socket, today: Callable[[], dt.date] = dt.date.today
) -> uvicorn.Server:
    """A uvicorn server for the workspace in `folder`, to run on `sock`."""
    config = uvicorn.Config(
        make_app(folder, today),
        log_level="warning",
        access_log=False,
        server_header=False,
        # Nothing stands in front of it: a forwarded-for header would be someone's invention.
        proxy_headers=False,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def address(sock: socket.socket) -> str:
    return f"http://{HOST}:{sock.getsockname()[1]}/"


def serve(
    folder: Path,
    sock: socket.socket,
    open_browser: bool,
    today: Callable[[], dt.date] = dt.date.today,
) -> None:
    """Serve until Ctrl-C, opening the lead's browser on the page once it answers."""
    running = server(folder, sock, today)
    if open_browser:

        def open_when_started() -> None:
            while not running.started and not running.should_exit:
                threading.Event().wait(0.1)
            if running.started:
                webbrowser.open(address(sock))

        threading.Thread(target=open_when_started, daemon=True).start()
    running.run(sockets=[sock])
