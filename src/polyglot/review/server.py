"""Serve a review session: uvicorn on a free loopback port, the URL printed, the browser opened."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InputError
from ..project import Project
from .security import Guard, loopback_hosts, new_token
from .store import Workspace


@dataclass(frozen=True)
class Session:
    """A server about to run: its socket, URL and ASGI app."""

    sock: socket.socket
    url: str
    app: Guard
    exposed: bool
    workspace: Workspace

    def warm(self) -> None:
        """Read, check and render every page before the first request asks for one."""
        self.app.app.state.review.warm()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare(project: Project, *, host: str = "127.0.0.1", port: int = 0, path: str = "/") -> Session:
    """Bind the socket (port 0: a free one) and build the app; nothing served yet."""
    from .app import create_app

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio then turns Nagle off on each connection (else a JSON answer,
    # written as headers then body, waits for the browser's delayed ACK: 40 ms a save)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    port = sock.getsockname()[1]
    token = new_token()
    exposed = not is_loopback(host)
    shown = f"[{host}]" if ":" in host else host
    if exposed:
        hosts = None  # reached by names we cannot know; the token keeps strangers out
        url = f"http://{shown}:{port}{path}?token={token}"
    else:
        hosts = loopback_hosts(port) | {f"{shown}:{port}"}
        url = f"http://{shown}:{port}{path}"
    workspace = Workspace(project)
    app = create_app(workspace, token=token, hosts=hosts, token_everywhere=exposed)
    return Session(sock, url, app, exposed, workspace)


def serve(session: Session, *, open_browser: bool = True, echo: Callable[[str], None] = print) -> None:
    """Run until Ctrl-C (or SIGTERM); the socket is closed on the way out."""
    import uvicorn

    config = uvicorn.Config(session.app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    # Pages of long documents open at once once everything is read and checked.
    threading.Thread(target=session.warm, daemon=True).start()

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.02)
        if server.started:
            echo(f"polyglot review: {session.url}  (Ctrl-C to stop)")
            if open_browser:
                webbrowser.open(session.url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[session.sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled: we are done
        pass
    finally:
        session.sock.close()
