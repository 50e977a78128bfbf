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
