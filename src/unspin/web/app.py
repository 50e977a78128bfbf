"""The HTTP API and web page (FastAPI). Everything it shows comes from the Report.

    unspin serve --host 127.0.0.1 --port 8000 [--token T]
    uvicorn --factory unspin.web.app:create_app

Limits, all checked before any analysis starts: request bodies over ``max_body_bytes`` get 413 (the body is
drained up to a cap so that the client reads the answer); bodies that arrive slower than ``body_timeout_s``
get 408; JSON with ``NaN``/``Infinity``, lone surrogates, unknown fields or over-long options gets a short 422;
a ``Host`` header that is not allowed gets 400; with a token, every ``/api/`` route but ``/api/health`` needs
``Authorization: Bearer <token>`` (401). Analyses run in worker processes (``runner``): one running longer
than ``timeout_s`` is killed, its worker replaced, and the request gets 504; at most ``workers`` analyses run
at once and ``queue`` more wait, beyond that 429 with ``Retry-After``. See docs/security.md.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from unspin import api
from unspin.errors import ConfigError, FetchError, InputError, ModelError, UnspinError
from unspin.version import __version__
from unspin.web.runner import DEFAULT_JOB, Busy, Runner, WorkerCrashed
from unspin.web.store import AnalysisStore

log = logging.getLogger("unspin.web")

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_OPTION_CHARS = 2_000  # title, date, source
MAX_URL_CHARS = 4_096
MAX_NAMES = 32  # entries of only / skip
DRAIN_CAP_BYTES = 16_000_000  # an over-limit body is read (and dropped) up to this much so the client sees 413


@dataclass
class Settings:
    db_path: str | None = None  # None: the user's data directory (store.default_db_path)
    max_body_bytes: int = 2_000_000
    timeout_s: float = 60.0
    workers: int = 1
    queue: int = 16
    max_text_bytes: int = 1_000_000
    token: str | None = None
    allowed_hosts: list[str] = field(default_factory=lambda: list(LOOPBACK_HOSTS))  # ["*"] allows any
    keep_days: float = 30.0
    max_store_bytes: int = 500_000_000
    body_timeout_s: float = 30.0
    header_timeout_s: float = 10.0
    job: str = DEFAULT_JOB  # what the analysis processes run (tests swap in a slow job)
    threads: int | None = None  # per analysis process; default: cores / workers


class AnalyzeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    only: list[str] = Field(default_factory=list, max_length=MAX_NAMES, description="analysers to run")
    skip: list[str] = Field(default_factory=list, max_length=MAX_NAMES, description="analysers to leave out")
    title: str | None = Field(default=None, max_length=MAX_OPTION_CHARS)
    date: str | None = Field(default=None, max_length=MAX_OPTION_CHARS)
    source: str | None = Field(default=None, max_length=MAX_OPTION_CHARS)
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0, description="leave out findings below this confidence (null: each analyser's own floor)")


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text``, ``url`` or ``html``."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    url: str | None = Field(default=None, max_length=MAX_URL_CHARS)
    html: str | None = None
    options: AnalyzeOptions = Field(default_factory=AnalyzeOptions)
    save: bool = Field(True, description="keep the analysis for its permalink /a/<id>")

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        given = [k for k in ("text", "url", "html") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, url or html")
        return self


class RequestError(Exception):
    """A request refused before any work, with a short message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _no_constants(name: str) -> Any:
    raise RequestError(422, f"{name} is not a JSON number")


def _unknown(fields: Any, allowed: frozenset[str], where: str) -> None:
    extra = [k for k in fields if k not in allowed]
    if extra:
        shown = ", ".join(repr(k[:40]) for k in extra[:5])
        more = f" (and {len(extra) - 5:,} more)" if len(extra) > 5 else ""
        raise RequestError(422, f"unknown field(s) in {where}: {shown}{more}")


def _check_strings(value: Any, where: str, depth: int = 0) -> None:
    if depth > 4:
        raise RequestError(422, f"{where} is nested too deeply")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RequestError(422, f"{where} contains a lone surrogate (not valid Unicode)") from None
    elif isinstance(value, list):
        for item in value[: MAX_NAMES + 1]:
            _check_strings(item, where, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, where, depth + 1)
            _check_strings(item, f"{where}.{key}" if depth < 2 else where, depth + 1)


REQUEST_FIELDS = frozenset(AnalyzeRequest.model_fields)
OPTION_FIELDS = frozenset(AnalyzeOptions.model_fields)


def parse_request(body: bytes) -> AnalyzeRequest:
    """The request, or ``RequestError`` with a message of at most a few hundred characters."""
    try:
        data = json.loads(body, parse_constant=_no_constants)
    except RequestError:
        raise
    except (ValueError, RecursionError):
        raise RequestError(422, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise RequestError(422, "the body must be a JSON object")
    _unknown(data, REQUEST_FIELDS, "the request")
    if isinstance(data.get("options"), dict):
        _unknown(data["options"], OPTION_FIELDS, "options")
    _check_strings(data, "request")
    try:
        return AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False, include_input=False)[:3]:
            where = ".".join(str(p) for p in err["loc"]) or "request"
            problems.append(f"{where}: {err['msg']}"[:160])
        raise RequestError(422, "; ".join(problems)) from None


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


def _host_of(header: str) -> str:
    """The host part of a ``Host`` header, lower-cased, without port or IPv6 brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


async def _read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, or ``RequestError``: 413 when over ``limit`` (after reading and dropping the rest, up to a
    cap, so that the client is not reset mid-upload), 408 when it does not arrive within ``timeout``."""
    body = bytearray()
    received = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    stream = request.stream().__aiter__()
    while received <= DRAIN_CAP_BYTES:
        left = deadline - loop.time()
        try:
            if left <= 0:
                raise TimeoutError
            chunk = await asyncio.wait_for(stream.__anext__(), left)
        except StopAsyncIteration:
            break
        except TimeoutError:
            if received > limit:
                break
            raise RequestError(408, f"the request body did not arrive within {timeout:g} s") from None
        received += len(chunk)
        if received <= limit:
            body.extend(chunk)
        elif body:
            body = bytearray()  # over the limit: keep counting, stop keeping
    if received > limit:
        raise RequestError(413, f"request body over {limit:,} bytes")
    return bytes(body)


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON Schema with its ``$defs`` inlined, so it can sit inside the OpenAPI document."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(defs[ref.rsplit("/", 1)[1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def create_app(settings: Settings | None = None, *, start_workers: bool = False) -> FastAPI:
    """The app. Analysis processes start with the first analysis, or at startup with ``start_workers``."""
    settings = settings or Settings()
    runner = Runner(settings.workers, settings.queue, settings.job, settings.threads)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if start_workers:
            runner.start()
        yield
        await runner.close()

    app = FastAPI(
        title="unspin", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Show how a news article tries to persuade. POST /api/analyze returns the Report.",
    )
    app.state.settings = settings
    app.state.runner = runner
    app.state.store = AnalysisStore(settings.db_path, settings.keep_days, settings.max_store_bytes)
    hosts = {h.lower().strip("[]") for h in settings.allowed_hosts}
    token = settings.token.encode("utf-8") if settings.token else None

    @app.middleware("http")
    async def guard_and_headers(request: Request, call_next: Callable) -> Response:
        if "*" not in hosts and _host_of(request.headers.get("host", "")) not in hosts:
            return _error(400, "this server does not answer for that Host (see --allowed-host)")
        path = request.url.path
        if token is not None and path.startswith("/api/") and path != "/api/health":
            given = request.headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode("utf-8", "replace"), token):
                return _error(401, "this server needs a token: Authorization: Bearer <token>",
                              {"WWW-Authenticate": 'Bearer realm="unspin"'})
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "analysers": [name for name, _, _ in api.analysers()],
                "auth": token is not None, "analyses_running": runner.inside}

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
                   400: {"description": "bad input or refused URL"}, 401: {"description": "token missing or wrong"},
                   408: {"description": "the body arrived too slowly"}, 413: {"description": "body too large"},
                   422: {"description": "malformed request"}, 429: {"description": "too many analyses waiting"},
                   504: {"description": "analysis timed out (and was stopped)"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": _inline_refs(AnalyzeRequest.model_json_schema())}}}},
    )
    async def analyze(request: Request) -> Response:
        try:
            raw = await _read_body(request, settings.max_body_bytes, settings.body_timeout_s)
            req = parse_request(raw)
        except RequestError as exc:
            headers = {"Connection": "close"} if exc.status in (408, 413) else None
            return _error(exc.status, str(exc), headers)
        opts = api.Options(only=req.options.only, skip=req.options.skip, title=req.options.title,
                           date=req.options.date, source=req.options.source, max_bytes=settings.max_text_bytes,
                           fetch_timeout=min(15.0, settings.timeout_s), min_confidence=req.options.min_confidence)
        source: api.Source = (api.URL(req.url) if req.url is not None else api.HTML(req.html) if req.html is not None
                              else api.Text(req.text or ""))
        try:
            api.selection(opts)  # unknown analysers: 422 before queueing
            body = await runner.run((source, opts), settings.timeout_s)
        except Busy:
            return _error(429, "too many analyses in progress; retry shortly", {"Retry-After": "2"})
        except TimeoutError:
            return _error(504, f"analysis took longer than {settings.timeout_s:g} s and was stopped")
        except UnspinError as exc:
            return _error(_status_of(exc), str(exc))
        except WorkerCrashed as exc:
            log.error("unspin: analysis failed: %s", exc)
            return _error(500, "the analysis failed; the server log has the details")
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
        if token is None and app.state.store.get(analysis_id) is None:
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
    """The app as ``unspin serve`` starts it: its analysis processes load the models at startup."""
    return create_app(settings, start_workers=True)
