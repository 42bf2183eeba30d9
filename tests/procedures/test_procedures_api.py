"""The catalogue over HTTP: public search and detail, tickets for a procedure, refusals."""

import pytest

from server.api.schemas import ProcedureRecord
from server.engine.procedures import save_procedure
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo

pytestmark = pytest.mark.live

EXTRA = [
    ProcedureRecord(code="9.000001", name="Đăng ký khai sinh (thử)", service="HT",
                    documents=[{"name": "Tờ khai đăng ký khai sinh", "kind": "original"}],
                    processing_days=0, fee="Miễn lệ phí",
                    forms=[{"name": "Tờ khai", "url": "https://dichvucong.gov.vn/tk.pdf"}]),
    ProcedureRecord(code="9.000002", name="Thủ tục đã ngừng (thử)", service="HT", active=False),
]


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """The demo centre with two more procedures: one active, one withdrawn."""
    centre = provision_demo(tmp_path_factory.mktemp("instance"))
    app = centre.app()
    with unit_of_work(app) as session:
        city = find_site(session, "TPBK")
        for record in EXTRA:
            save_procedure(session, city, record)
    app.extensions["qms_engine"].dispose()
    return centre


def test_search_is_public_and_ignores_tone_marks(api):
    body = api.call("GET", "/api/v1/procedures", params={"q": "dang ky khai sinh thu"}).json()
    assert body["procedures"][0]["code"] == "9.000001"
    assert body["procedures"][0]["service"] == "HT"
    withdrawn = api.call("GET", "/api/v1/procedures", params={"q": "ngung"}).json()
    assert "9.000002" not in [item["code"] for item in withdrawn["procedures"]]


def test_search_answers_a_page_of_summaries_with_the_total(api):
    whole = api.call("GET", "/api/v1/procedures", params={"q": "dang ky"}).json()
    assert whole["total"] == len(whole["procedures"]) > 3
    assert (whole["limit"], whole["offset"]) == (50, 0)
    assert set(whole["procedures"][0]) == {"code", "name", "service", "service_name", "level",
                                           "processing_days"}
    pages = [api.call("GET", "/api/v1/procedures",
                      params={"q": "dang ky", "limit": 2, "offset": offset}).json()
             for offset in (0, 2)]
    assert [page["total"] for page in pages] == [whole["total"]] * 2
    assert [hit["code"] for page in pages for hit in page["procedures"]] == \
        [hit["code"] for hit in whole["procedures"][:4]]
    catalogue = api.call("GET", "/api/v1/procedures", params={"service": "HT"}).json()
    assert catalogue["limit"] == 1000 and catalogue["total"] == len(catalogue["procedures"])


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "1001"}, {"limit": "-1"},
                                    {"offset": "x"}, {"offset": "1.5"}, {"limit": "٣"}])
def test_bad_paging_is_refused_with_a_stable_code(api, params):
    answer = api.call("GET", "/api/v1/procedures", params={"q": "khai sinh", **params})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_paging"


def test_detail_has_documents_time_fee_and_forms(api):
    body = api.call("GET", "/api/v1/procedures/9.000001").json()
    assert body["name"] == "Đăng ký khai sinh (thử)" and body["processing_days"] == 0
    assert body["documents"] == [{"name": "Tờ khai đăng ký khai sinh", "kind": "original",
                                  "count": 1}]
    assert body["fee"] == "Miễn lệ phí"
    assert [(f["name"], f["url"]) for f in body["forms"]] == [
        ("Tờ khai", "https://dichvucong.gov.vn/tk.pdf")]
    missing = api.call("GET", "/api/v1/procedures/0.000000")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_procedure"


def test_ticket_for_a_procedure_is_in_its_field_and_carries_it(api, kiosk_token,
                                                                clerk_tokens):
    response = api.issue(kiosk_token, None, procedure="9.000001")
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["service"] == "HT"
    assert ticket["procedure"] == {"code": "9.000001", "name": "Đăng ký khai sinh (thử)"}
    assert api.counter(clerk_tokens[8], 8, "open").status_code == 200
    called = api.counter(clerk_tokens[8], 8, "call", number=ticket["number"]).json()
    assert called["number"] == ticket["number"]
    assert called["procedure"]["code"] == "9.000001", called


@pytest.mark.parametrize("body, status, code", [
    ({"procedure": "9.000002"}, 409, "procedure_inactive"),
    ({"procedure": "0.000000"}, 404, "unknown_procedure"),
    ({"procedure": "9.000001", "service": "DD"}, 422, "service_mismatch"),
    ({"procedure": "bad code!"}, 422, "invalid_payload"),
    ({"priority": True}, 422, "invalid_payload"),
])
def test_bad_procedure_tickets_are_refused(api, kiosk_token, body, status, code):
    response = api.call("POST", "/api/v1/tickets", kiosk_token, json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_a_procedure_of_another_site_is_refused(api, centre):
    ward_kiosk = centre.add_device("kiosk", "Máy lấy số phường", site="DUCXUAN")
    response = api.call("POST", "/api/v1/tickets", ward_kiosk, json={"procedure": "9.000001"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_procedure"
