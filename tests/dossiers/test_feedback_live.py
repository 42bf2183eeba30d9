"""Feedback over real HTTP: tracking codes, replies, who may manage, limits and escaping."""

import csv
import io
import re

import pytest

from server.qr import svg_markup
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.server import LiveServer
from tests.support.staff import StaffBrowser

pytestmark = pytest.mark.live

SCRIPT = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil")'


@pytest.fixture(scope="module")
def centre_live(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("feedback"))
    server = LiveServer(centre.instance, env={"QMS_FEEDBACK_RATE_LIMIT": "12/600"}).start()
    api = Api(server.url)
    yield centre, server, api
    server.stop()


def test_citizen_sends_manager_replies_citizen_reads(centre_live):
    centre, server, api = centre_live
    kiosk = centre.tokens["kiosk"]
    ticket = api.issue(kiosk, "HT").json()
    sent = api.call("POST", "/api/v1/feedback", None, json={
        "category": "attitude", "text": SCRIPT, "name": "Trần Thị Bình",
        "ticket": ticket["public_code"]})
    assert sent.status_code == 201, sent.text
    code = sent.json()["code"]
    assert code.startswith("PA-") and len(code) == 11
    qr = api.call("GET", f"/gop-y/{code.lower()}/qr.svg")
    assert qr.status_code == 200 and qr.headers["Content-Type"].startswith("image/svg+xml")
    assert qr.text == svg_markup(f"{server.url}/gop-y/{code}")  # the status page, not the form
    for malformed in ("PA-12", "XX-K7M3QX9P", "PA-K7M3QX9P%3Cb%3E"):
        assert api.call("GET", f"/gop-y/{malformed}/qr.svg").status_code == 404
    public = api.call("GET", f"/api/v1/feedback/{code.lower()}").json()
    assert public["status"] == "new" and public["reply"] is None
    assert "text" not in public and "name" not in public

    manager = api.staff_token("quanly", centre.password)
    inbox = api.call("GET", "/api/v1/feedback", manager).json()["feedback"]
    mine = next(item for item in inbox if item["code"] == code)
    assert (mine["text"], mine["ticket"], mine["site"]) == (SCRIPT, ticket["number"], "TPBK")
    assert api.call("POST", f"/api/v1/feedback/{code}/assign", manager,
                    json={"username": "quanly"}).json()["status"] == "assigned"
    replied = api.call("POST", f"/api/v1/feedback/{code}/reply", manager,
                       json={"reply": "Đã nhắc nhở cán bộ. Xin cảm ơn quý khách."}).json()
    assert replied["status"] == "answered" and replied["answer_time_s"] >= 0
    public = api.call("GET", f"/api/v1/feedback/{code}").json()
    assert public["reply"] == "Đã nhắc nhở cán bộ. Xin cảm ơn quý khách."

    page = StaffBrowser(server.url, "quanly", centre.password).get("/reports/feedback").text
    assert SCRIPT not in page and "&lt;script&gt;" in page
    phone = api.call("GET", f"/gop-y/{code}").text
    assert "Đã nhắc nhở cán bộ" in phone

    closed = api.call("POST", f"/api/v1/feedback/{code}/close", manager).json()
    assert closed["status"] == "closed"
    again = api.call("POST", f"/api/v1/feedback/{code}/reply", manager, json={"reply": "x"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "feedback_closed"


def test_feedback_goes_only_to_staff_who_can_open_it(centre_live):
    centre, server, api = centre_live
    centre.add_user("ql-ducxuan", "manager", site="DUCXUAN")
    ward_code = api.call("POST", "/api/v1/feedback?site=DUCXUAN", None,
                         json={"category": "other", "text": "Cần thêm ghế."}).json()["code"]
    ward_manager = api.staff_token("ql-ducxuan", centre.password)

    def assign(username):
        return api.call("POST", f"/api/v1/feedback/{ward_code}/assign", ward_manager,
                        json={"username": username})

    # Another site's account answers exactly as one that does not exist.
    other_site, nobody = assign("quay1"), assign("khong-co-ai")
    assert other_site.status_code == nobody.status_code == 404
    assert {**other_site.json()["error"], "request_id": ""} == {
        **nobody.json()["error"], "request_id": ""}
    clerk = assign("ducxuan")  # of the ward, but a clerk cannot open the inbox
    assert clerk.status_code == 422 and clerk.json()["error"]["code"] == "assignee_not_allowed"
    assert assign("ql-ducxuan").json()["status"] == "assigned"
    page = StaffBrowser(server.url, "ql-ducxuan", centre.password).get("/reports/feedback").text
    choices = re.findall(r'<option value="\d+">([^<]+)</option>', page)
    assert "Cán bộ phường Đức Xuân" not in choices and "ql-ducxuan" in choices


def test_export_keeps_formulas_as_text(centre_live):
    centre, _server, api = centre_live
    api.call("POST", "/api/v1/feedback", None, json={"category": "other", "text": FORMULA})
    manager = api.staff_token("quanly", centre.password)
    exported = api.call("GET", "/api/v1/feedback/export.csv", manager)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã theo dõi"
    assert ["'" + FORMULA] == [cell for row in rows for cell in row if "HYPERLINK" in cell]


@pytest.mark.parametrize(("who", "status"), [("quay1", 403), ("ducxuan", 403),
                                             ("anonymous", 401), ("kiosk", 403)])
def test_only_managers_of_the_site_handle_feedback(centre_live, who, status):
    centre, _server, api = centre_live
    code = api.call("POST", "/api/v1/feedback", None,
                    json={"category": "other", "text": "Cần thêm ghế chờ."}).json()["code"]
    if who == "anonymous":
        token = None
    elif who == "kiosk":
        token = centre.tokens["kiosk"]
    else:
        token = api.staff_token(who, centre.password)
    assert api.call("GET", "/api/v1/feedback", token).status_code == status
    assert api.call("POST", f"/api/v1/feedback/{code}/close", token).status_code == status


def test_bad_feedback_is_refused_clearly_and_limited(centre_live):
    _centre, _server, api = centre_live
    for body in ({"category": "nonsense", "text": "x"}, {"category": "other", "text": ""},
                 {"category": "other", "text": "x" * 2001},
                 {"category": "other", "text": "x", "phone": "abc"},
                 {"category": "other", "text": "x", "dossier": "260101-NOTHERE"}):
        answer = api.call("POST", "/api/v1/feedback", None, json=body)
        assert answer.status_code in (404, 422, 429), body
    statuses = [api.call("POST", "/api/v1/feedback", None,
                         json={"category": "other", "text": "Lần thử"}).status_code
                for _ in range(8)]
    assert statuses[-1] == 429
    assert api.call("POST", "/api/v1/feedback", None, json={
        "category": "other", "text": "x"}).json()["error"]["message"].startswith("Quý khách")
