"""The HTTP API and web page (FastAPI). Everything it shows comes from the Report.

    unspin serve --host 127.0.0.1 --port 8000
    uvicorn --factory unspin.web.app:create_app

Limits: request bodies over ``max_body_bytes`` get 413; an analysis running
longer than ``timeout_s`` gets 504; at most ``workers`` analyses run at once
and ``queue`` more wait, beyond that 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from unspin import api
from unspin.errors import ConfigError, FetchError, InputError, ModelError, UnspinError
from unspin.version import __version__
from unspin.web.store import AnalysisStore

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@dataclass
class Settings:
    db_path: str = "unspin-analyses.sqlite3"
    max_body_bytes: int = 2_000_000
    timeout_s: float = 60.0
    workers: int = 1
    queue: int = 16
    max_text_bytes: int = 1_000_000

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, data: str) -> Settings:
        return cls(**json.loads(data))


class AnalyzeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    only: list[str] = Field(default_factory=list, description="analysers to run")
    skip: list[str] = Field(default_factory=list, description="analysers to leave out")
    title: str | None = None
    date: str | None = None
    source: str | None = None


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text``, ``url`` or ``html``."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    url: str | None = None
    html: str | None = None
    options: AnalyzeOptions = Field(default_factory=AnalyzeOptions)
    save: bool = Field(True, description="keep the analysis for its permalink /a/<id>")

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        given = [k for k in ("text", "url", "html") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, url or html")
        return self


class Busy(Exception):
    pass


class Gate:
    """At most ``workers`` analyses at once and ``queue`` waiting; beyond that, refuse."""

    def __init__(self, workers: int, queue: int) -> None:
        self.sem = asyncio.Semaphore(workers)
        self.capacity = workers + queue
        self.inside = 0

    async def run(self, fn: Callable[[], Any], timeout: float) -> Any:
        if self.inside >= self.capacity:
            raise Busy
        self.inside += 1
        try:
            async with self.sem:
                return await asyncio.wait_for(run_in_threadpool(fn), timeout)
        finally:
            self.inside -= 1


@cache
def _static(name: str) -> str:
    return (resources.files("unspin.web") / "static" / name).read_text(encoding="utf-8")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def _status_of(exc: UnspinError) -> int:
    if isinstance(exc, FetchError):
        return 400
    if isinstance(exc, InputError):
        return 413 if "over the limit" in str(exc) else 400
    if isinstance(exc, ConfigError):
        return 422
    if isinstance(exc, ModelError):
        return 503
    return 500


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="unspin", version=__version__, docs_url=None, redoc_url=None,
        description="Show how a news article tries to persuade. POST /api/analyze returns the Report.",
    )
    app.state.settings = settings
    app.state.store = AnalysisStore(settings.db_path)
    gate: dict[str, Gate] = {}

    def get_gate() -> Gate:  # made lazily so it binds to the running event loop
        if "g" not in gate:
            gate["g"] = Gate(settings.workers, settings.queue)
        return gate["g"]

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next: Callable) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_body_bytes:
            return _error(413, f"request body over {settings.max_body_bytes:,} bytes")
        if request.method in ("POST", "PUT") and not length:
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > settings.max_body_bytes:
                    return _error(413, f"request body over {settings.max_body_bytes:,} bytes")
            request._body = body  # starlette re-reads the cached body
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "analysers": [name for name, _, _ in api.analysers()]}

    @app.get("/api/techniques")
    def techniques() -> list[dict[str, str]]:
        """The technique catalogue: ids, readable names, definitions, examples, colours."""
        from unspin.catalogue import as_json

        return as_json()

    @app.get("/api/schema")
    def schema() -> dict[str, Any]:
        from unspin.report import Report

        return Report.model_json_schema()

    @app.post(
        "/api/analyze",
        responses={200: {"description": "the Report, exactly as `unspin analyze -f json` prints it"},
                   400: {"description": "bad input or refused URL"}, 413: {"description": "body too large"},
                   429: {"description": "too many analyses waiting"}, 504: {"description": "analysis timed out"}},
    )
    async def analyze(req: AnalyzeRequest) -> Response:
        from unspin.render import render

        opts = api.Options(only=req.options.only, skip=req.options.skip, title=req.options.title,
                           date=req.options.date, source=req.options.source, max_bytes=settings.max_text_bytes,
                           fetch_timeout=min(15.0, settings.timeout_s))
        source: api.Source = (api.URL(req.url) if req.url is not None else api.HTML(req.html) if req.html is not None
                              else api.Text(req.text or ""))

        def work() -> str:
            api.selection(opts)
            return render(api.analyze(source, options=opts), "json")

        try:
            body = await get_gate().run(work, settings.timeout_s)
        except Busy:
            return _error(429, "too many analyses in progress; retry shortly", {"Retry-After": "2"})
        except TimeoutError:
            return _error(504, f"analysis took longer than {settings.timeout_s:g} s")
        except UnspinError as exc:
            return _error(_status_of(exc), str(exc))
        headers = {}
        if req.save:
            data = json.loads(body)
            aid = app.state.store.save(body, data["meta"].get("title"), data["summary"]["words"],
                                       sum(data["summary"]["techniques"].values()))
            headers = {"X-Unspin-Id": aid, "Location": f"/a/{aid}"}
        return Response(body, media_type="application/json", headers=headers)

    @app.get("/api/analyses")
    def recent(limit: int = 20) -> list[dict[str, Any]]:
        return app.state.store.recent(max(1, min(limit, 200)))

    @app.get("/api/analyses/{analysis_id}")
    def get_analysis(analysis_id: str) -> Response:
        body = app.state.store.get(analysis_id)
        if body is None:
            return _error(404, "no such analysis")
        return Response(body, media_type="application/json",
                        headers={"Content-Disposition": f'inline; filename="unspin-{analysis_id}.json"'})

    @app.get("/api/analyses/{analysis_id}/report.html")
    def get_html(analysis_id: str) -> Response:
        from unspin.render.html import CSP
        from unspin.render.html import render as render_html
        from unspin.report import Report

        body = app.state.store.get(analysis_id)
        if body is None:
            return _error(404, "no such analysis")
        page = render_html(Report.model_validate_json(body))
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP,
                                           "Content-Disposition": f'attachment; filename="unspin-{analysis_id}.html"'})

    @app.delete("/api/analyses/{analysis_id}", status_code=204)
    def delete_analysis(analysis_id: str) -> Response:
        if not app.state.store.delete(analysis_id):
            return _error(404, "no such analysis")
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return HTMLResponse(_static("index.html"))

    @app.get("/a/{analysis_id}", response_class=HTMLResponse)
    def permalink(analysis_id: str) -> Response:
        if app.state.store.get(analysis_id) is None:
            return HTMLResponse("<!doctype html><title>unspin</title><p>No such analysis.</p>", status_code=404)
        return HTMLResponse(_static("index.html"))

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        types = {"app.js": "text/javascript", "app.css": "text/css"}
        if name not in types:
            return _error(404, "not found")
        return Response(_static(name), media_type=types[name], headers={"Cache-Control": "no-cache"})

    @app.get("/docs", response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        spec = app.openapi()
        rows = "".join(
            f"<tr><td><code>{escape(method.upper())}</code></td><td><code>{escape(path)}</code></td>"
            f"<td>{escape(op.get('summary', ''))}</td></tr>"
            for path, ops in spec["paths"].items() for method, op in ops.items()
        )
        return HTMLResponse(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>unspin API</title>"
            '<link rel="stylesheet" href="/static/app.css"></head><body class="docs"><h1>unspin HTTP API</h1>'
            f"<p>{escape(spec['info']['description'])}</p><p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a>"
            " · Report JSON Schema: <a href=\"/api/schema\">/api/schema</a></p>"
            f"<table><tr><th>method</th><th>path</th><th>what</th></tr>{rows}</table></body></html>"
        )

    return app


def serve_app(settings: Settings) -> FastAPI:
    """The app as ``unspin serve`` starts it: every model loaded once per server process, before the first request."""
    api.warm()
    return create_app(settings)


def app_from_serve_settings() -> FastAPI:
    """``unspin serve --workers N``: each uvicorn worker builds its app from the settings the command passed on."""
    return serve_app(Settings.from_json(os.environ.get("UNSPIN_SERVE_SETTINGS", "{}")))
