"""The review server's guard: Host, Origin, session token, request size, and response headers.

A pure ASGI middleware, in front of every route:

- ``Host`` must name this server (``127.0.0.1:PORT``, ``localhost:PORT``,
  ``[::1]:PORT``): a page on another site whose name was rebound to 127.0.0.1
  (DNS rebinding) is refused.
- Every request that can change something (any method but GET and HEAD) must come
  from this origin (``Origin`` equal to ``http://<Host>``, ``Sec-Fetch-Site`` if
  sent ``same-origin``) and carry the session token in ``X-Polyglot-Token``:
  cross-site forms and scripts are refused.
- When serving on another interface, every request needs the token: in the URL
  the first time (``?token=``), then in a same-site, HTTP-only cookie.
- Bodies over ``max_body`` bytes are refused (413); a body must announce its length.
- Responses carry a strict Content-Security-Policy (scripts from this server only,
  no inline script), ``nosniff``, no referrer, no framing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

TOKEN_HEADER = "x-polyglot-token"
COOKIE = "polyglot_review"
MAX_BODY = 256 * 1024
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_SAFE_METHODS = {"GET", "HEAD"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def loopback_hosts(port: int) -> frozenset[str]:
    """The Host values a browser sends to a loopback server on ``port``."""
    return frozenset(f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]"))


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Guard:
    """ASGI middleware enforcing the rules of the module docstring.

    ``hosts`` is the set of accepted ``Host`` values, or None to accept any (only
    with ``token_everywhere``, where the token is what keeps strangers out).
    """

    def __init__(
        self,
        app,
        *,
        token: str,
        hosts: Iterable[str] | None,
        token_everywhere: bool = False,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.token = token
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        self.token_everywhere = token_everywhere
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        set_cookie = False
        try:
            set_cookie = self._check(scope, headers)
        except Refused as exc:
            await _plain(send, exc.status, exc.reason)
            return
        receive = self._limited(receive)
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict" if set_cookie else None

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                if cookie:
                    extra.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check(self, scope, headers: dict[str, str]) -> bool:
        """Raise Refused, or return whether to set the token cookie."""
        host = headers.get("host", "").lower()
        if self.hosts is not None and host not in self.hosts:
            raise Refused(421, "this server answers only to its own address (Host refused)")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            raise Refused(413, f"request larger than {self.max_body} bytes")
        set_cookie = False
        if self.token_everywhere:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            cookies = SimpleCookie()
            try:
                cookies.load(headers.get("cookie", ""))
            except Exception:
                pass
            given = [*query.get("token", []), headers.get(TOKEN_HEADER, "")]
            given.append(cookies[COOKIE].value if COOKIE in cookies else "")
            if not any(secrets.compare_digest(g.encode(), self.token.encode()) for g in given if g):
                raise Refused(403, "a token is required: open the URL polyglot review printed")
            set_cookie = bool(query.get("token"))
        if scope["method"] not in _SAFE_METHODS:
            if length is None:
                raise Refused(411, "a request body needs a Content-Length")
            origin = headers.get("origin")
            if origin is None or origin.lower() != f"http://{host}":
                raise Refused(403, "cross-origin request refused (Origin)")
            site = headers.get("sec-fetch-site")
            if site is not None and site != "same-origin":
                raise Refused(403, "cross-site request refused (Sec-Fetch-Site)")
            sent = headers.get(TOKEN_HEADER, "")
            if not secrets.compare_digest(sent.encode(), self.token.encode()):
                raise Refused(403, "missing or wrong session token: reload the page")
        return set_cookie

    def _limited(self, receive):
        seen = 0

        async def wrapped():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:  # more than Content-Length announced
                    return {"type": "http.disconnect"}
            return message

        return wrapped


def _headers(scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        name = k.decode("latin-1").lower()
        if name in out and name != "cookie":
            out[name] = "\0"  # a repeated Host/Origin/token header is never valid
        else:
            out[name] = v.decode("latin-1")
    return out


async def _plain(send, status: int, reason: str) -> None:
    body = (reason + "\n").encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
        ],
    })
    await send({"type": "http.response.body", "body": body})
