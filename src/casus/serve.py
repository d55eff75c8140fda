"""`casus serve`: the JSON HTTP API (read-only, GET only) and the dashboard's static files.

Every route is a thin wrapper over casus.query; each request opens its own read-only DuckDB
connection (connections are not thread-safe, and holding none between requests lets
`casus ingest` write meanwhile; while a batch is being written, the request waits for it:
docs/concurrency.md). OpenAPI is at /openapi.json; the Swagger and ReDoc pages are off because
they load from a CDN. Served on 127.0.0.1 unless told otherwise, and then only to requests that
name this machine in their Host header (a web page whose name was rebound to 127.0.0.1 cannot
read the store). Every parameter is bounded: a bad value is a 422, never a 500; every answer,
errors included, carries the security headers.
"""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import Field

from casus import query, tables
from casus.store import StoreError, connect

HOST = "127.0.0.1"
PORT = 8765
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
READ_WAIT = 10.0  # seconds a request waits for a batch being written before it answers 503
MAX_TEXT = 500  # characters of one text parameter
MAX_ITEMS = 100  # values of one repeatable parameter
MAX_OFFSET = 10**9  # far beyond any store; and within DuckDB's integers
WEB = Path(__file__).parent / "web"
# The dashboard loads only its own files: no inline script, nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

Limit = Annotated[int, Query(ge=0, le=query.MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
RequiredText = Annotated[str, Query(max_length=MAX_TEXT)]
Key = Annotated[str, PathParam(max_length=MAX_TEXT)]
Bucket = Annotated[str, Query(pattern="^(day|week|month|year)$")]
Sort = Annotated[str, Query(pattern=f"^-?({'|'.join(query.SORTS)})$",
                            description="Order: one of " + ", ".join(query.SORTS) + "; - before it for descending.")]


def filters_dependency(exclude: tuple[str, ...] = ()) -> Callable[..., query.Filters]:
    """A dependency reading the event filters from the query string: one query parameter per field
    of casus.query.Filters (its type and help text; list fields repeatable), generated from the
    dataclass. `exclude`: fields a route takes as its own parameters."""
    params = []
    for spec in query.filter_specs():
        if spec.name in exclude:
            continue
        if spec.type == "array":
            item = Annotated[spec.python, Field(max_length=MAX_TEXT)]
            annotation = Annotated[list[item] | None, Query(description=spec.help, max_length=MAX_ITEMS)]
            default = None
        elif spec.type == "boolean":
            annotation, default = Annotated[bool, Query(description=spec.help)], False
        else:
            annotation, default = Annotated[spec.python | None, Query(description=spec.help, **bounds(spec))], None
        params.append(inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=annotation))

    def event_filters(**values: Any) -> query.Filters:
        return query.Filters.of({k: v for k, v in values.items() if v is not None})

    event_filters.__signature__ = inspect.Signature(params, return_annotation=query.Filters)  # type: ignore[attr-defined]
    return event_filters


def bounds(spec: query.FilterSpec) -> dict[str, Any]:
    """The limits of one filter's value: numbers finite and within DuckDB's integers, text short."""
    if spec.python is str:
        return {"max_length": MAX_TEXT}
    out: dict[str, Any] = {"ge": spec.min, "le": MAX_OFFSET if spec.python is int else None}
    return out | ({"allow_inf_nan": False} if spec.python is float else {})


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request, waiting while a batch is being written."""
    c = connect(request.app.state.db, read_only=True, wait=READ_WAIT)
    try:
        yield c
    finally:
        c.close()


Filters = Annotated[query.Filters, Depends(filters_dependency())]
DyadFilters = Annotated[query.Filters, Depends(filters_dependency(exclude=("source", "target", "both")))]
Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]


def host_name(host: str) -> str:
    """The name in a Host header, without its port ("[::1]:8765" is "::1")."""
    host = host.lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(db: str | Path = "casus.duckdb", hosts: frozenset[str] | None = LOOPBACK) -> FastAPI:
    """The application over one store file; `hosts`: the names requests may give in their Host
    header (None: any, for a server on a public interface)."""
    path = str(db)
    if not Path(path).exists():
        raise FileNotFoundError(f"no store at {path}")
    app = FastAPI(title="casus", version="1", docs_url=None, redoc_url=None,
                  description="Events coded from news text, each traceable to its evidence sentence.")
    app.state.db = path

    def found(item: Any, what: str, key: str) -> Any:
        if item is None:
            raise HTTPException(404, f"no {what} {key!r}")
        return item

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def busy(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:
        """A bug: JSON like every other answer, with the security headers (this one is made
        outside the middleware below), and nothing of the store or the code in it."""
        return JSONResponse({"detail": "internal error"}, status_code=500, headers=SECURITY_HEADERS)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Any:
        if hosts is not None and host_name(request.headers.get("host", "")) not in hosts:
            response: Any = JSONResponse({"detail": "Host header names no address of this server"}, status_code=400)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/api/stats")
    def stats(c: Con) -> dict[str, Any]:
        return query.stats(c)

    @app.get("/api/filters")
    def filters() -> dict[str, Any]:
        return {"items": [spec.public() for spec in query.filter_specs()]}

    @app.get("/api/events")
    def events(c: Con, f: Filters, limit: Limit = 100, offset: Offset = 0, sort: Sort = "-date") -> dict[str, Any]:
        return query.events(c, f, limit, offset, sort)

    @app.get("/api/events.{fmt}")
    def download(c: Con, f: Filters, fmt: Literal["csv", "json"], sort: Sort = "-date") -> Response:
        """Every event matching the filters, as a file: what `casus events -n 0 --format csv|json` writes
        (CSV: casus's flat columns, formula-safe; JSON: the event items)."""
        if fmt == "csv":
            buffer = io.StringIO()
            tables.write(tables.table(query.event_rows(c, f, None, 0, sort), "casus"), buffer, "csv")
            body, media = buffer.getvalue(), "text/csv; charset=utf-8"
        else:
            body = json.dumps([query.event_item(r) for r in query.event_rows(c, f, None, 0, sort)],
                              ensure_ascii=False, indent=1)
            media = "application/json"
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="casus-events.{fmt}"'})

    @app.get("/api/events/{event_id:path}")
    def event(c: Con, event_id: Key) -> dict[str, Any]:
        return found(query.event(c, event_id), "event", event_id)

    @app.get("/api/timeline")
    def timeline(c: Con, f: Filters, bucket: Bucket = "day") -> dict[str, Any]:
        return query.timeline(c, f, bucket)

    @app.get("/api/dyads")
    def dyads(c: Con, f: Filters, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        return query.dyads(c, f, limit, offset)

    @app.get("/api/escalation")
    def escalation(c: Con, f: DyadFilters, source: RequiredText, target: RequiredText, bucket: Bucket = "month",
                   both: bool = False) -> dict[str, Any]:
        return query.escalation_series(c, source, target, f, bucket, both)

    @app.get("/api/network")
    def network(c: Con, f: Filters, limit: Annotated[int, Query(ge=1, le=query.MAX_LIMIT)] = 300) -> dict[str, Any]:
        return query.network(c, f, limit)

    @app.get("/api/map")
    def map_points(c: Con, f: Filters) -> dict[str, Any]:
        return query.map_points(c, f)

    @app.get("/api/facets")
    def facets(c: Con, f: Filters) -> dict[str, Any]:
        return query.facets(c, f)

    @app.get("/api/stories")
    def stories(c: Con, f: Filters, label: Text = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        return query.stories(c, label, limit, offset, filters=f)

    @app.get("/api/stories/{story_id:path}")
    def story(c: Con, story_id: Key) -> dict[str, Any]:
        return found(query.story(c, story_id), "story", story_id)

    @app.get("/api/articles/{article_id:path}")
    def article(c: Con, article_id: Key) -> dict[str, Any]:
        return found(query.article(c, article_id), "article", article_id)

    @app.get("/api/actors")
    def actors(c: Con, q: Text = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        return query.actors(c, q, limit, offset)

    @app.get("/api/{rest:path}", include_in_schema=False)
    def unknown(rest: str) -> None:
        raise HTTPException(404, f"no API endpoint /api/{rest}")

    if WEB.is_dir():
        app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    return app


def serve(db: str | Path = "casus.duckdb", host: str = HOST, port: int = PORT) -> None:
    """Run the server until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, LOOPBACK if host in LOOPBACK else None), host=host, port=port, log_level="info")
