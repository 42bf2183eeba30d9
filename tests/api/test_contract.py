"""The OpenAPI document is generated from the routes: none is left out, none drifts."""

import subprocess
import sys

import pytest
import requests
from flask import Blueprint

from server.api.contract import api_rules, build_document, documented
from server.app import create_app
from server.payloads.staff import StaffToken
from tests.support.contract import ContractChecker, ContractViolation
from tests.support.server import ROOT


def undocumented(app) -> list[str]:
    """The API rules whose view states no contract."""
    return [rule.rule for rule in api_rules(app)
            if getattr(app.view_functions[rule.endpoint], "contract", None) is None]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contract")
    return create_app({"DATABASE_URL": f"sqlite:///{folder / 'q.sqlite3'}",
                       "ASYNC_MODE": "threading"}, instance=folder)


def test_every_api_route_states_its_models(app):
    assert undocumented(app) == []
    document = build_document(app)
    rules = {(rule.rule, method) for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/api/v1/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert sum(len(methods) for methods in document["paths"].values()) == len(rules) >= 55


def test_a_route_without_its_models_is_caught(tmp_path):
    extra = Blueprint("extra", __name__)

    @extra.get("/api/v1/undocumented")
    def undocumented_view():
        return {}

    @extra.get("/api/v1/documented")
    @documented("A documented route", {200: StaffToken})
    def documented_view():
        return {}

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
                      "ASYNC_MODE": "threading"}, instance=tmp_path)
    app.register_blueprint(extra)
    assert undocumented(app) == ["/api/v1/undocumented"]
    assert "/api/v1/documented" in build_document(app)["paths"]


def test_guards_and_models_make_the_operation(app):
    paths = build_document(app)["paths"]
    issue = paths["/api/v1/tickets"]["post"]
    assert issue["security"] == [{"device": []}] and issue["x-qms-devices"] == ["kiosk"]
    assert issue["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketRequest"}
    assert {"201", "200", "401", "403", "422", "429"} <= set(issue["responses"])
    assert issue["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IssuedTicket"}
    queue = paths["/api/v1/queue"]["get"]
    assert queue["x-qms-roles"] == ["clerk", "manager", "admin"]
    assert {parameter["name"]: parameter["in"] for parameter in queue["parameters"]} == {
        "site": "query", "counter": "query"}
    booking = paths["/api/v1/appointments"]["post"]
    assert booking["security"] == [{}, {"device": []}]  # public, or an integration's token
    report = paths["/api/v1/reports/export.xlsx"]["get"]["responses"]["200"]["content"]
    assert list(report) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]


def _response(method: str, path: str, status: int, body: bytes,
              content_type: str = "application/json") -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, body
    response.headers["Content-Type"] = content_type
    response.headers["X-Request-Id"] = "abc123"
    response.request = requests.Request(method, "http://127.0.0.1" + path).prepare()
    return response


def test_the_checker_refuses_a_drifting_answer(app):
    checker = ContractChecker(build_document(app))
    good = (b'{"token": "t", "expires_in": 3600, "user": {"username": "quay1", '
            b'"full_name": "A", "role": "clerk"}}')
    checker.check(_response("POST", "/api/v1/auth/token", 200, good))
    with pytest.raises(ContractViolation, match="required"):
        checker.check(_response("POST", "/api/v1/auth/token", 200, good.replace(
            b'"expires_in": 3600, ', b"")))
    with pytest.raises(ContractViolation, match="Additional properties"):
        checker.check(_response("POST", "/api/v1/auth/token", 200, good.replace(
            b'"token": "t"', b'"token": "t", "secret": 1')))
    with pytest.raises(ContractViolation, match="status not documented"):
        checker.check(_response("POST", "/api/v1/auth/token", 201, good))
    with pytest.raises(ContractViolation, match="content type"):
        checker.check(_response("POST", "/api/v1/auth/token", 200, good, "text/html"))
    error = b'{"error": {"code": "x", "message": "y", "message_en": "z"}}'
    with pytest.raises(ContractViolation, match="request_id"):
        checker.check(_response("POST", "/api/v1/auth/token", 401, error))


@pytest.mark.live
def test_the_document_is_served_where_it_always_was(api):
    response = api.call("GET", "/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert "/api/v1/counters/{number}/call-next" in document["paths"]
    assert document["components"]["schemas"]["ErrorResponse"]["properties"]["error"] == {
        "$ref": "#/components/schemas/ErrorBody"}


@pytest.mark.slow
@pytest.mark.live
def test_the_engine_reads_request_schemas_without_flask():
    code = ("import sys, server.engine, server.engine.catalogue_files, server.api.schemas; "
            "print(sorted(m for m in ('flask', 'flask_socketio', 'server.api.routes') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
