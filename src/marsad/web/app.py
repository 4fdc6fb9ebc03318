"""The FastAPI application: configuration, error mapping, authentication, shared services.

``create_app`` builds an app around an optional corpus store. Without a store the analyser and its
article page still work; the corpus pages answer 503 with a message saying how to give a store.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.errors import ConfigError, InputError, MarsadError
from marsad.web.security import GuardMiddleware, bearer, error_body, token_matches

log = logging.getLogger(__name__)

TOKEN_ENV = "MARSAD_TOKEN"
PRIVATE_ENV = "MARSAD_PRIVATE"  # "1": reads need the token too
DB_ENV = "MARSAD_DB"
TOKEN_COOKIE = "marsad_token"


@dataclass(slots=True)
class WebConfig:
    """Settings of one server. ``token`` guards writes (and reads when ``private``)."""

    db: str | None = None
    token: str | None = None
    private: bool = False
    max_body: int = 2 * 1024 * 1024  # bytes per request body
    page_size: int = 20  # default page size
    max_page_size: int = 200  # the most rows one request may ask for
    max_batch: int = 50  # articles per ingest request

    @classmethod
    def from_env(cls, **overrides: Any) -> WebConfig:
        cfg = cls(
            db=os.environ.get(DB_ENV) or None,
            token=os.environ.get(TOKEN_ENV) or None,
            private=os.environ.get(PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes"),
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(cfg, k, v)
        return cfg


class ApiError(Exception):
    """An error with an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class Services:
    """What the routes share: the store (behind a lock: one writer, SQLite-friendly) and the pipeline."""

    def __init__(self, config: WebConfig, store: Any | None) -> None:
        self.config = config
        self.store = store
        self.store_lock = threading.RLock()
        self._pipeline: Any | None = None
        self._pipeline_lock = threading.Lock()
        # Parsed analyses of stored articles, newest use last: an article's analysis never changes once
        # stored (ingest is idempotent), and parsing the JSON is the costliest step of an article page.
        self.analysis_cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self.analysis_cache_size = 256
        self.cache_lock = threading.Lock()

    def pipeline(self) -> Any:
        with self._pipeline_lock:
            if self._pipeline is None:
                from marsad.pipeline import Pipeline

                self._pipeline = Pipeline()
            return self._pipeline

    def analyze(self, **kwargs: Any) -> Any:
        nlp = self.pipeline()
        with self._pipeline_lock:  # stages keep per-process caches; one analysis at a time
            return nlp(kwargs.pop("text"), **kwargs)

    def need_store(self) -> Any:
        if self.store is None:
            raise ApiError(
                503,
                "no corpus store is open: start the server with `marsad serve --db marsad.db` "
                "(or set MARSAD_DB) to browse articles, entities, quotes, events and relations",
            )
        return self.store


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/openapi.json", "/docs", "/redoc")


templates = Jinja2Templates(directory=str(Path(str(resources.files("marsad.web") / "templates"))))
# Jinja2Templates enables autoescape for .html; make sure of it whatever the Starlette version.
templates.env.autoescape = True


def _error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                    **extra: Any) -> Any:
    if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, **extra), status_code=status, headers=headers)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers
    )


def _validation_message(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    details = []
    parts = []
    for e in errors[:20]:
        loc = [str(x) for x in e.get("loc", ())]
        where = ".".join(loc) or "request"
        msg = str(e.get("msg", "invalid"))
        if e.get("type") == "json_invalid":
            err = (e.get("ctx") or {}).get("error", "")
            msg = f"malformed JSON ({err})" if err else "malformed JSON"
            where = f"body at character {loc[1]}" if len(loc) > 1 else "body"
        details.append({"where": where, "problem": msg, "type": str(e.get("type", ""))})
        parts.append(f"{where}: {msg}")
    return "invalid request: " + "; ".join(parts), details


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Any:
        return _error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path} (see /openapi.json for the API)"
        if exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        return _error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        message, details = _validation_message(list(exc.errors()))
        status = 400 if any(d["type"] == "json_invalid" for d in details) else 422
        if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(error_body(status, message, details=details), status_code=status)
        return _error_response(request, status, message)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Any:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(LookupError)
    async def _lookup(request: Request, exc: LookupError) -> Any:
        msg = exc.args[0] if exc.args and isinstance(exc.args[0], str) else "not found"
        return _error_response(request, 404, msg)

    @app.exception_handler(ConfigError)
    async def _config(request: Request, exc: ConfigError) -> Any:
        return _error_response(request, 503, f"server misconfigured: {exc}")

    @app.exception_handler(MarsadError)
    async def _marsad(request: Request, exc: MarsadError) -> Any:
        return _error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Any:  # a bug: log it, say so, leak nothing
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error_response(request, 500, "internal error (the server log has the details)")


def check_read(request: Request) -> None:
    """Reads are public unless the server is private; then the token is needed (header or cookie)."""
    services: Services = request.app.state.services
    if not services.config.private:
        return
    given = bearer(request.headers.get("authorization")) or request.cookies.get(TOKEN_COOKIE)
    if not token_matches(given, services.config.token):
        raise ApiError(
            401,
            "this server is private: send the token as `Authorization: Bearer TOKEN` (or sign in at /login)",
            {"WWW-Authenticate": "Bearer"},
        )


def check_write(request: Request) -> None:
    """Writes need the operator's token, always; with no token configured, writing is off."""
    services: Services = request.app.state.services
    if not services.config.token:
        raise ApiError(
            403,
            f"writing is disabled on this server: the operator starts it with --token or {TOKEN_ENV} to allow it",
        )
    if not token_matches(bearer(request.headers.get("authorization")), services.config.token):
        raise ApiError(401, "this endpoint writes: send the operator's token as `Authorization: Bearer TOKEN`",
                       {"WWW-Authenticate": "Bearer"})


def create_app(store: Any | None = None, config: WebConfig | None = None, *, db: str | None = None) -> FastAPI:
    """The marsad web app over ``store`` (an open :class:`marsad.store.Store`), or over the store at
    ``db`` / ``config.db`` opened here, or over no store at all (analyser only)."""
    config = config or WebConfig()
    db = db or config.db
    if store is None and db:
        from marsad.store import Store

        store = Store.open(db)
    app = FastAPI(
        title="marsad",
        version=__version__,
        description=(
            "Arabic news intelligence over HTTP: analyse an article, and browse the corpus store — articles, "
            "search, entities, quotes, events, relations, timelines. Writes need the operator's bearer token."
        ),
        docs_url=None,  # Swagger UI needs a CDN and inline scripts; /openapi.json is the contract
        redoc_url=None,
    )
    app.state.services = Services(config, store)
    _install_error_handlers(app)

    from marsad.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.public)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("marsad.web", "static")]), name="static")
    app.add_middleware(GuardMiddleware, max_body=config.max_body)
    return app
