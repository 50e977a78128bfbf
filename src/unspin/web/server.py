"""Running the app under uvicorn with the guards a public-facing server needs.

uvicorn times out idle keep-alive connections but not a client that opens a connection and sends its request
line and headers a byte at a time ("slowloris"): each such connection is held open forever. ``GuardedH11``
closes a connection whose request headers are not complete ``header_timeout`` seconds after it opened (or
after its previous response).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from unspin.web.app import LOOPBACK_HOSTS, Settings, serve_app


def guarded_protocol(header_timeout: float) -> type[H11Protocol]:
    class GuardedH11(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self.cycle is None or self.cycle.response_complete:
                self._arm()
            super().data_received(data)
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()  # the headers are in: the app's own body timeout takes over

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return GuardedH11


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind: str, extra: list[str]) -> list[str]:
    """``Host`` values the server answers: loopback names, the bound address, the machine's names, ``extra``."""
    hosts = set(LOOPBACK_HOSTS) | {h.strip().lower() for h in extra if h.strip()}
    if bind not in ("0.0.0.0", "::", ""):
        hosts.add(bind.lower())
    else:  # a wildcard bind: the machine's own names too
        hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return sorted(hosts)


def serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(serve_app(settings), host=host, port=port, http=guarded_protocol(settings.header_timeout_s),
                timeout_keep_alive=5)
