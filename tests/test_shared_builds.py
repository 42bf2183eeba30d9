"""What the suite builds once per run and shares between apps (tests/support/routing.py and
tests/support/documents.py) gives each app what it would have built itself."""

from flask import Blueprint
from werkzeug.routing import Map, Rule

from server.api.contract import build_document, documented
from server.app import create_app
from server.payloads.staff import StaffToken


def rules() -> list[Rule]:
    return [Rule("/tickets/<int:number>", endpoint="ticket"),
            Rule("/forms/<path:name>", endpoint="form"),
            Rule("/report/", defaults={"page": 1}, endpoint="report"),
            Rule("/report/<int:page>", endpoint="report")]


def test_two_maps_share_builders_and_each_builds_its_urls():
    first, second = Map(rules()).bind("qms.test"), Map(rules()).bind("qms.test")
    for adapter in (first, second):
        assert adapter.build("ticket", {"number": 7}) == "/tickets/7"
        assert adapter.build("form", {"name": "a b/c.pdf"}) == "/forms/a%20b/c.pdf"
        assert adapter.build("report", {"page": 1}) == "/report/"
        assert adapter.build("report", {"page": 3}) == "/report/3"
        assert adapter.build("ticket", {"number": 7, "q": "x"}) == "/tickets/7?q=x"
    shared = [(a._build.__func__, b._build.__func__)
              for a, b in zip(first.map.iter_rules(), second.map.iter_rules(), strict=True)]
    assert all(one is other for one, other in shared)


def served_document(app) -> dict:
    answer = app.test_client().get("/api/openapi.json")
    assert answer.status_code == 200
    return answer.get_json()


def test_apps_with_the_same_routes_share_the_document_and_one_with_more_gets_its_own(tmp_path):
    def app(name):
        folder = tmp_path / name
        folder.mkdir()
        return create_app({"DATABASE_URL": f"sqlite:///{folder / 'q.sqlite3'}",
                           "ASYNC_MODE": "threading"}, instance=folder)

    first, second, third = app("first"), app("second"), app("third")
    extra = Blueprint("extra", __name__)

    @extra.get("/api/v1/extra")
    @documented("A route of the third app only", {200: StaffToken})
    def extra_view():
        return {}

    third.register_blueprint(extra)
    assert served_document(first) == served_document(second) == build_document(second)
    assert first.extensions["qms_openapi"] is second.extensions["qms_openapi"]
    assert "/api/v1/extra" not in served_document(first)["paths"]
    assert "/api/v1/extra" in served_document(third)["paths"]
