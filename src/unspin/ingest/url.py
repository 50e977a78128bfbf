"""Fetch a web page safely: public addresses only, few redirects, size and time caps."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from unspin.errors import FetchError

MAX_REDIRECTS = 5
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass
class Fetched:
    url: str
    body: bytes
    content_type: str


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"cannot resolve host {host!r}") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url}")
    if allow_private:
        return
    for ip in _addresses(parts.hostname):
        if not is_public(ip):
            raise FetchError(f"refusing to fetch {parts.hostname}: it resolves to a non-public address ({ip})")


def fetch(
    url: str, *, max_bytes: int, timeout: float = 15.0, allow_private: bool = False, transport: object | None = None
) -> Fetched:
    """GET ``url``, re-checking every redirect hop; refuse large or non-text bodies."""
    import httpx

    current = url
    kwargs = {"transport": transport} if transport is not None else {}
    client = httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": "unspin/0.1"}, **kwargs)  # type: ignore[arg-type]
    with client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private)
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"redirect without a Location from {current}")
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{current} answered HTTP {resp.status_code}")
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and ctype not in ALLOWED_TYPES:
                        raise FetchError(f"{current} is {ctype}, not an HTML or text page")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{current} is {int(declared):,} bytes, over the limit of {max_bytes:,}")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{current} is over the limit of {max_bytes:,} bytes")
                        chunks.append(chunk)
                    return Fetched(str(resp.url), b"".join(chunks), ctype or "text/html")
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc.__class__.__name__}") from None
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {url}")
