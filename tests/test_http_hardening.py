"""The HTTP API under hostile requests: every parameter bounded (422, never 500), the Host header
checked on a loopback server (DNS rebinding), the security headers on every answer, errors
included. Over an empty store written by the test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casus import serve
from casus.store import Store, StoreError

HOSTILE = ["9223372036854775808", "-1", "1e400", "nan", "x" * 5000, "'; DROP TABLE events; --\x00"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("http") / "s.duckdb"
    Store(db).close()
    return serve.create_app(db)


@pytest.fixture(scope="module")
def client(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False)


def secured(r) -> None:
    assert r.headers["content-security-policy"] == serve.CSP
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"


def api_routes(app) -> list[tuple[str, list[str]]]:
    """Every GET route of the API with its query parameters, path parameters filled in."""
    schema = app.openapi()
    out = []
    for path, ops in schema["paths"].items():
        params = ops["get"].get("parameters", [])
        url = re.sub(r"\{[^}]+\}", "x", path)
        out.append((url, [p["name"] for p in params if p["in"] == "query"]))
    return out


def test_offset_beyond_64_bits_is_422(client):
    r = client.get("/api/events", params={"offset": "9223372036854775808"})
    assert r.status_code == 422 and "offset" in r.text
    secured(r)


def test_no_hostile_value_of_any_parameter_gives_a_500(app, client):
    """Each parameter (the filters recur on most routes: each is tried on one) with each hostile
    value, and each path parameter with a long one."""
    routes = api_routes(app)
    assert len(routes) >= 10
    where = {name: url for url, params in reversed(routes) for name in params}
    assert len(where) >= 20
    for name, url in where.items():
        for value in HOSTILE:
            r = client.get(url, params={name: value})
            assert r.status_code in (200, 404, 422), (url, name, value[:20], r.status_code, r.text[:200])
            secured(r)
    for url, _ in routes:
        if url.endswith("/x"):
            r = client.get(url[:-1] + "x" * 5000)
            assert r.status_code in (404, 422), (url, r.status_code)
            secured(r)


def test_repeated_parameters_and_long_texts_are_bounded(client):
    assert client.get("/api/events", params=[("actor", "IRN")] * (serve.MAX_ITEMS + 1)).status_code == 422
    assert client.get("/api/events", params={"actor": "x" * (serve.MAX_TEXT + 1)}).status_code == 422
    assert client.get("/api/events", params={"q": "x" * (serve.MAX_TEXT + 1)}).status_code == 422
    assert client.get("/api/events", params={"min_escalation": "nan"}).status_code == 422
    assert client.get("/api/events", params={"offset": serve.MAX_OFFSET + 1}).status_code == 422
    assert client.get("/api/events", params={"offset": serve.MAX_OFFSET}).status_code == 200


@pytest.mark.parametrize("host,ok", [("127.0.0.1:8765", True), ("localhost:8765", True), ("[::1]:8765", True),
                                     ("LOCALHOST", True), ("evil.example:8765", False), ("127.0.0.1.evil.example", False),
                                     ("", False)])
def test_host_header_must_name_this_machine(client, host, ok):
    r = client.get("/api/stats", headers={"host": host})
    assert (r.status_code == 200) == ok, (host, r.status_code)
    if not ok:
        assert r.status_code == 400 and r.json()["detail"].startswith("Host header")
    secured(r)


def test_a_public_server_takes_any_host(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    public = TestClient(serve.create_app(db, hosts=None), base_url="http://casus.example.org")
    assert public.get("/api/stats").status_code == 200


def test_security_headers_on_every_error(app, client, monkeypatch):
    for r in (client.get("/api/nothing"), client.get("/api/events", params={"limit": -1}),
              client.get("/api/stats", headers={"host": "evil.example"})):
        assert r.status_code in (400, 404, 422)
        secured(r)

    def broken(con):
        raise RuntimeError("secret detail of the bug")

    monkeypatch.setattr(serve.query, "stats", broken)
    r = client.get("/api/stats")
    assert r.status_code == 500 and r.json() == {"detail": "internal error"} and "secret" not in r.text
    secured(r)


def test_a_store_busy_for_too_long_is_a_503_with_retry_after(client, monkeypatch):
    def busy(*args, **kwargs):
        raise StoreError("s.duckdb is in use by another process; waited 10 s")

    monkeypatch.setattr(serve, "connect", busy)
    r = client.get("/api/events")
    assert r.status_code == 503 and r.headers["retry-after"] and "in use" in r.json()["detail"]
    secured(r)
