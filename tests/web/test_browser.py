"""Drive the web page in Debian's Chromium with Playwright (no browser download)."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it with apt-get)"),
]
RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
HOSTILE = (
    "Officials Meet\n\nThe bloodthirsty regime lied again, said the minister. "
    '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> '
    "These corrupt thugs and traitors will destroy our great nation.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from unspin.web.app import Settings, create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    app = create_app(Settings(db_path=str(tmp_path_factory.mktemp("web") / "a.sqlite3")))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs
        yield pg
        browser.close()


def _analyse(page, server, text):
    page.goto(server + "/")
    page.fill("#text", text)
    page.click("#analyze")
    page.wait_for_selector("#overview-lines li", timeout=120_000)


def test_paste_highlight_click_filter_permalink(page, server, partisan_text):
    _analyse(page, server, partisan_text)
    marks = page.locator("#article mark.hl")
    assert marks.count() > 0
    assert page.locator("#article mark.hl-claim").count() == 0  # claims are a toggle, off by default
    first = marks.first
    first.click()
    details = page.inner_text("#details-body")
    assert "Evidence" in details and "confidence" in details
    label = first.get_attribute("data-techniques").split(" ")[0]
    page.click("#technique-legend summary")
    page.locator(f"#technique-filters input[value='{label}']").uncheck()
    assert "hidden-hl" in first.get_attribute("class")
    page.check("#layer-claim")
    assert page.locator("#article mark.hl-claim").count() > 0
    page.uncheck("#layer-claim")
    page.uncheck("#layer-technique")
    assert page.locator("#article mark.hl-technique").count() == 0
    page.check("#layer-technique")
    assert "Donald Trump" in page.inner_text("#quotes")
    assert "%)" in page.inner_text("#claims")  # each claim with its type, source and score
    assert "conspiracy" in page.inner_text("#comments") and "Kiev" in page.inner_text("#consistency")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web_page.png"), full_page=True)
    link = page.get_attribute("#permalink", "href")
    assert link.startswith("/a/")
    page.goto(server + link)
    page.wait_for_selector("#article mark.hl", timeout=30_000)
    assert page.locator("#recent li").count() >= 1


def test_overview_first_little_noise_and_a_confidence_floor(page, server, partisan_text):
    from unspin.catalogue import LABELS

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append("failed: " + r.url))
    page.on("response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    _analyse(page, server, partisan_text)
    top = page.evaluate("document.getElementById('overview').getBoundingClientRect().top + window.scrollY")
    assert top < 700
    assert "persuasion-technique" in page.inner_text("#overview")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 5000
    visible = page.inner_text("body")
    assert not [label for label in LABELS if ("_" in label or "," in label) and label in visible]
    before = page.locator("#article [data-confidence]").count()
    confidences = [float(x) for x in page.eval_on_selector_all("#article [data-confidence]", "els => els.map(e => e.dataset.confidence)")]
    assert before > 0 and min(confidences) < 0.6
    page.focus("#min-confidence")
    for _ in range(12):  # 12 steps of 0.05
        page.keyboard.press("ArrowRight")
    assert page.input_value("#min-confidence") == "0.6"
    after = [float(x) for x in page.eval_on_selector_all("#article [data-confidence]", "els => els.map(e => e.dataset.confidence)")]
    assert len(after) < before and all(c >= 0.6 for c in after)
    page.screenshot(path=str(RESULTS / "web_overview.png"), full_page=False)
    page.keyboard.press("Home")  # back to 0: every highlight
    assert page.locator("#article [data-confidence]").count() == before
    page.locator("#article mark.hl").first.focus()  # keyboard: a highlight takes focus and Enter shows its details
    page.keyboard.press("Enter")
    assert "Evidence" in page.inner_text("#details-body")
    assert errors == [], errors


def test_hostile_article_renders_inert(page, server):
    _analyse(page, server, HOSTILE)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article script, #article img").count() == 0
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article")
    assert page.dialogs == []


def test_token_is_asked_for_once(tmp_path, page):
    from live_server import running_server

    from unspin.web.app import Settings, create_app

    settings = Settings(db_path=str(tmp_path / "t.sqlite3"), token="team-secret", job="slow_job:analyse", threads=1)
    with running_server(create_app(settings)) as port:
        context = page.context.browser.new_context()  # its own storage: no token yet
        fresh = context.new_page()
        asked = []
        fresh.on("dialog", lambda d: (asked.append(d.message), d.accept("team-secret")))
        failed = []
        fresh.on("response", lambda r: failed.append(r.url) if r.status == 401 else None)
        ok = lambda r: "/api/analyses" in r.url and r.status == 200  # noqa: E731
        with fresh.expect_response(ok, timeout=20_000):
            fresh.goto(f"http://127.0.0.1:{port}/")
        with fresh.expect_response(ok, timeout=20_000):
            fresh.reload()
        context.close()
        assert len(asked) == 1 and "token" in asked[0]
        assert len(failed) <= 2  # only the first calls, before the page had the token

