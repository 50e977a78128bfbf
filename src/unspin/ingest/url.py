"""Fetch a web page safely: public addresses only, few redirects, size and time caps."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from unspin.errors import FetchError

MAX_REDIRECTS = 5
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass
class Fetched:
    url: str
    body: bytes
    content_type: str


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _addresses(host: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(f"cannot resolve host {host!r}") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, IPv4-compatible, 6to4, Teredo, NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    packed = int(ip)
    if ip in NAT64 or (packed >> 32 == 0 and packed > 1):  # NAT64 well-known prefix; deprecated ::a.b.c.d
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    return found


def is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL:
            return False
        inner = embedded_ipv4(ip)
        if inner:
            return all(is_public(v4) for v4 in inner)
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )


def resolve_public(url: str, allow_private: bool = False) -> IPAddress | None:
    """Check ``url`` and return the one address to connect to: every address of its host must be public (unless
    ``allow_private``). The caller connects to exactly this address, so a second DNS answer cannot differ."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url}")
    addresses = _addresses(parts.hostname)
    if not addresses:
        raise FetchError(f"cannot resolve host {parts.hostname!r}")
    if not allow_private:
        for ip in addresses:
            if not is_public(ip):
                raise FetchError(f"refusing to fetch {parts.hostname}: it resolves to a non-public address ({ip})")
    return addresses[0]


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) and every address of its host is public."""
    resolve_public(url, allow_private)


def _pinned(url: str, ip: IPAddress | None) -> tuple[str, dict[str, str], dict[str, str]]:
    """``url`` rewritten to connect to ``ip``, with the ``Host`` header and TLS name (SNI and certificate check)
    of the original host."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ip is None or host == str(ip):
        return url, {}, {}
    literal = f"[{ip}]" if isinstance(ip, ipaddress.IPv6Address) else str(ip)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return target, {"Host": host_header}, extensions


def fetch(
    url: str, *, max_bytes: int, timeout: float = 15.0, allow_private: bool = False, transport: object | None = None
) -> Fetched:
    """GET ``url``, re-checking every redirect hop; refuse large or non-text bodies.

    Each hop's host is resolved once and the connection goes to that checked address (DNS rebinding cannot
    swap in a private one between check and connect); TLS still verifies the certificate for the host name."""
    import httpx

    current = url
    kwargs = {"transport": transport} if transport is not None else {}
    client = httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": "unspin/0.1"},
                          **kwargs)  # type: ignore[arg-type]
    with client:
        for _hop in range(MAX_REDIRECTS + 1):
            ip = resolve_public(current, allow_private)
            target, headers, extensions = _pinned(current, ip)
            try:
                request = client.build_request("GET", target, headers=headers, extensions=extensions)
                resp = client.send(request, stream=True)
                try:
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
                    return Fetched(current, b"".join(chunks), ctype or "text/html")
                finally:
                    resp.close()
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc.__class__.__name__}") from None
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {url}")
