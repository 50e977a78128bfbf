import httpx
import pytest

from unspin.errors import FetchError
from unspin.ingest.url import check_url, fetch


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/x", "http://10.0.0.5/", "http://169.254.169.254/latest/meta-data",
    "http://192.168.1.1/", "http://[::1]/", "http://0.0.0.0/",
])
def test_private_addresses_refused(url):
    with pytest.raises(FetchError, match="non-public"):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_other_schemes_refused(url):
    with pytest.raises(FetchError, match="only http"):
        check_url(url)


def test_private_allowed_when_asked():
    check_url("http://127.0.0.1/", allow_private=True)


def _transport(routes):
    def handler(request: httpx.Request) -> httpx.Response:
        return routes[str(request.url)]
    return httpx.MockTransport(handler)


def test_redirect_to_private_address_refused():
    routes = {"http://93.184.216.34/a": httpx.Response(302, headers={"location": "http://169.254.169.254/x"})}
    with pytest.raises(FetchError, match="non-public"):
        fetch("http://93.184.216.34/a", max_bytes=1000, transport=_transport(routes))


def test_size_cap_and_content_type():
    big = {"http://93.184.216.34/big": httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)}
    with pytest.raises(FetchError, match="over the limit"):
        fetch("http://93.184.216.34/big", max_bytes=1000, transport=_transport(big))
    pdf = {"http://93.184.216.34/doc": httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF")}
    with pytest.raises(FetchError, match="not an HTML"):
        fetch("http://93.184.216.34/doc", max_bytes=1000, transport=_transport(pdf))


def test_follows_public_redirect():
    routes = {
        "http://93.184.216.34/a": httpx.Response(301, headers={"location": "/b"}),
        "http://93.184.216.34/b": httpx.Response(200, headers={"content-type": "text/plain"}, content=b"hello"),
    }
    got = fetch("http://93.184.216.34/a", max_bytes=1000, transport=_transport(routes))
    assert got.body == b"hello" and got.url.endswith("/b")


def test_http_error_status():
    routes = {"http://93.184.216.34/gone": httpx.Response(404)}
    with pytest.raises(FetchError, match="404"):
        fetch("http://93.184.216.34/gone", max_bytes=1000, transport=_transport(routes))


@pytest.mark.parametrize("addr", [
    "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1",
    "::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::8.8.8.8",
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1 (obfuscated)
])
def test_ipv6_forms_embedding_private_ipv4_are_refused(addr):
    import ipaddress

    from unspin.ingest.url import is_public

    assert not is_public(ipaddress.ip_address(addr))
    with pytest.raises(FetchError, match="non-public"):
        check_url(f"http://[{addr}]/")


@pytest.mark.parametrize("addr", ["2002:5db8:d822::1", "64:ff9b::5db8:d822", "2606:4700::6810:84e5", "93.184.216.34"])
def test_public_forms_pass(addr):
    import ipaddress

    from unspin.ingest.url import is_public

    assert is_public(ipaddress.ip_address(addr))


def test_dns_rebinding_cannot_swap_the_address(monkeypatch):
    """The resolver answers a public address for the check and 127.0.0.1 afterwards: the connection must go to
    the checked address, with the original Host header, and the host is resolved once per hop."""
    import socket

    from unspin.ingest import url as url_mod

    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    calls = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), 0))]

    monkeypatch.setattr(url_mod.socket, "getaddrinfo", fake_getaddrinfo)
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=b"fine")

    got = fetch("https://news.example.org/story", max_bytes=1000, transport=httpx.MockTransport(handler))
    assert got.body == b"fine" and got.url == "https://news.example.org/story"
    assert seen == [("93.184.216.34", "news.example.org", "news.example.org")]
    assert calls == ["news.example.org"]


def test_redirect_hops_are_pinned_and_checked_each(monkeypatch):
    import socket

    from unspin.ingest import url as url_mod

    table = {"a.example.org": "93.184.216.34", "b.example.org": "2002:7f00:1::"}
    monkeypatch.setattr(url_mod.socket, "getaddrinfo", lambda host, *a, **k: [
        (socket.AF_INET6 if ":" in table[host] else socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], 0))])
    routes = {"http://93.184.216.34/x": httpx.Response(302, headers={"location": "http://b.example.org/y"})}
    with pytest.raises(FetchError, match="non-public"):
        fetch("http://a.example.org/x", max_bytes=1000, transport=_transport(routes))
