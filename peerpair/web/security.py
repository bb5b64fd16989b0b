"""What keeps the page safe on the lead's computer (SPEC 11).

- Only requests addressed to this computer by name (Host 127.0.0.1 or localhost) are served,
  so a web site cannot reach the app by pointing its own name at 127.0.0.1 (DNS rebinding).
- Every form carries a token that only this server's pages hold, so another site open in
  the same browser cannot post to it.
- Pages may load nothing from elsewhere and run no inline script (Content-Security-Policy).
- A request body over 20 MB is refused while it arrives, not after it is stored.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class FormToken:
    """The token every form carries: one per server run, compared in constant time."""

    FIELD = "form_token"

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(32)

    def matches(self, given: object) -> bool:
        return isinstance(given, str) and secrets.compare_digest(given, self.value)


class Guard:
    """ASGI middleware: refuses other Host headers and bodies over the limit, and gives every
    response the security headers."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_UPLOAD_BYTES) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if _host_name(headers.get("host", "")) not in LOCAL_HOSTS:
            await _plain(send, 400, "This page only answers at http://127.0.0.1.")
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _plain(send, 413, _TOO_LARGE)
            return

        received = 0

        async def counted() -> Message:
            # A body sent without its length (chunked) is counted as it arrives.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise HTTPException(413, _TOO_LARGE)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *_HEADERS]
            await send(message)

        await self.app(scope, counted, with_headers)


_TOO_LARGE = "That file is over 20 MB, too large for a roster. Check it is the right file."


def _host_name(host: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1'; '[::1]:80' -> '[::1]'."""
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
