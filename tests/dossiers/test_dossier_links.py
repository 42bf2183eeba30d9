"""Visits linked to dossiers from the console or the one-stop software, and ratings per
dossier from the vote pad or the phone, in process."""

from datetime import datetime

import pytest

from server.engine.days import VIETNAM
from server.extensions import socketio
from server.models import Dossier, DossierRating, TicketDossier
from tests.dossiers.desk import ALL_GOOD, bearer, finish, open_desk, put_dossier, rows, serve
from tests.support.centre import provision_demo

CODE = "000.00.12.H26-261207-"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("links"))
    desk = open_desk(centre, CODE, KIOSK_RATE_LIMIT="1000/60")
    clerk = desk["client"].post("/api/v1/auth/token", json={"username": "quay1",
                                                             "password": centre.password})
    desk |= {"clerk": bearer(clerk.get_json()["token"]), "kiosk": bearer(centre.tokens["kiosk"]),
             "pad": bearer(centre.tokens["vote-pad"])}
    yield desk
    desk["app"].extensions["qms_engine"].dispose()


def link(desk, code, headers, **body):
    return desk["client"].post(f"/api/v1/dossiers/{code}/link", json=body, headers=headers)


def test_the_clerk_links_several_dossiers_to_the_visit_being_served(desk):
    ticket = serve(desk)
    first, second = put_dossier(desk, "0101"), put_dossier(desk, "0102")
    answer = link(desk, first, desk["clerk"])
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["ticket_id"] == ticket["id"]
    assert answer.get_json()["kind"] == "received" and answer.get_json()["counter"] == 1
    assert link(desk, second.lower(), desk["clerk"]).status_code == 201  # typed in lower case
    again = link(desk, first, desk["clerk"])
    assert again.status_code == 200 and again.get_json()["created"] is False
    linked = rows(desk, TicketDossier, ticket_id=ticket["id"])
    codes = {row.id: row.code for row in rows(desk, Dossier)}
    assert sorted(codes[row.dossier_id] for row in linked) == [first, second]
    assert [(row.ticket_id, row.clerk_id is not None, row.counter_id is not None)
            for row in rows(desk, Dossier, code=first)] == [(ticket["id"], True, True)]
    finish(desk)


def test_the_software_links_by_counter_number_or_public_code(desk):
    ticket = serve(desk)
    by_counter = put_dossier(desk, "0201")
    answer = link(desk, by_counter, desk["software"], counter=1)
    assert answer.status_code == 201 and answer.get_json()["ticket_id"] == ticket["id"]
    assert answer.get_json()["source"] == "integration"
    by_number = put_dossier(desk, "0202")
    answer = link(desk, by_number, desk["software"], ticket_number=ticket["number"])
    assert answer.status_code == 201 and answer.get_json()["ticket_id"] == ticket["id"]
    by_code = put_dossier(desk, "0203")
    answer = link(desk, by_code, desk["software"], public_code=ticket["public_code"])
    assert answer.status_code == 201 and answer.get_json()["ticket_id"] == ticket["id"]
    finish(desk)


def test_a_link_needs_a_visit_today_and_one_visit_per_dossier(desk):
    code = put_dossier(desk, "0301")
    idle = link(desk, code, desk["software"], counter=1)
    assert idle.status_code == 409 and idle.get_json()["error"]["code"] == "nothing_serving"
    unknown = link(desk, code, desk["software"], ticket_number="Z999")
    assert unknown.status_code == 404
    assert link(desk, CODE + "9999", desk["clerk"]).status_code == 404
    assert link(desk, code, desk["kiosk"]).status_code == 403
    serve(desk)
    assert link(desk, code, desk["clerk"]).status_code == 201
    finish(desk)
    serve(desk)
    elsewhere = link(desk, code, desk["clerk"])
    assert elsewhere.status_code == 409
    assert elsewhere.get_json()["error"]["code"] == "dossier_linked_elsewhere"
    finish(desk)


def test_collecting_the_result_links_the_pick_up_visit_and_returns_it(desk):
    code = put_dossier(desk, "0401", status="ready")
    ticket = serve(desk)
    answer = link(desk, code, desk["clerk"])
    assert answer.status_code == 201
    assert (answer.get_json()["kind"], answer.get_json()["status"]) == ("returned", "returned")
    assert [row.ticket_id for row in rows(desk, TicketDossier, kind="returned")] == [ticket["id"]]
    finish(desk)


def test_the_pad_is_asked_to_rate_the_dossier_and_rates_it_once(desk):
    pad = socketio.test_client(desk["app"], namespace="/vote",
                               flask_test_client=desk["client"],
                               auth={"token": desk["centre"].tokens["vote-pad"]})
    assert pad.is_connected("/vote")
    pad.get_received("/vote")
    serve(desk)
    code = put_dossier(desk, "0501")
    assert link(desk, code, desk["clerk"]).status_code == 201
    asked = [event["args"][0] for event in pad.get_received("/vote")
             if event["name"] == "dossier_to_rate"]
    assert [ask["code"] for ask in asked] == [code]
    assert [c["key"] for c in asked[0]["criteria"]] == ["attitude", "guidance", "time", "result"]
    assert asked[0]["criteria"][0]["label"] == "Thái độ của cán bộ"
    rate = desk["client"].post(f"/api/v1/dossiers/{code}/rating", json={"scores": ALL_GOOD},
                               headers=desk["pad"])
    assert rate.status_code == 201, rate.get_json()
    assert rate.get_json()["satisfied"] is True and rate.get_json()["channel"] == "pad"
    twice = desk["client"].post(f"/api/v1/dossiers/{code}/rating", json={"scores": ALL_GOOD},
                                headers=desk["pad"])
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "already_rated"
    stored = rows(desk, DossierRating, channel="pad")
    assert [(r.kind, r.average) for r in stored] == [("received", 3.75)]
    assert stored[0].clerk_id is not None
    pad.disconnect(namespace="/vote")
    finish(desk)


def test_the_pad_rates_only_what_its_counter_handled_and_every_criterion(desk):
    code = put_dossier(desk, "0601")
    elsewhere = desk["client"].post(f"/api/v1/dossiers/{code}/rating",
                                    json={"scores": ALL_GOOD}, headers=desk["pad"])
    assert elsewhere.status_code == 403
    serve(desk)
    assert link(desk, code, desk["clerk"]).status_code == 201
    partial = desk["client"].post(f"/api/v1/dossiers/{code}/rating",
                                  json={"scores": {"attitude": 4}}, headers=desk["pad"])
    assert partial.status_code == 422
    assert partial.get_json()["error"]["code"] == "invalid_scores"
    finish(desk)


def test_the_phone_rates_later_once_with_the_second_factor(desk):
    code = put_dossier(desk, "0701")
    unhappy = {"attitude": 2, "guidance": 1, "time": 2, "result": 3}
    no_check = desk["client"].post(f"/api/v1/dossiers/{code}/rating", json={"scores": unhappy})
    assert no_check.status_code == 403
    rated = desk["client"].post(f"/api/v1/dossiers/{code}/rating",
                                json={"scores": unhappy, "check": "5678"})
    assert rated.status_code == 201, rated.get_json()
    assert rated.get_json()["satisfied"] is False and rated.get_json()["channel"] == "phone"
    again = desk["client"].post(f"/api/v1/dossiers/{code}/rating",
                                json={"scores": ALL_GOOD, "check": "5678"})
    assert again.status_code == 409


def test_the_dossier_report_joins_visits_dossiers_and_ratings(desk):
    """Runs last: counts what the tests above linked and rated, plus one overdue dossier."""
    late = put_dossier(desk, "0801", due_date="2026-12-02")
    serve(desk)
    assert link(desk, late, desk["clerk"]).status_code == 201
    finish(desk)
    client = desk["client"]
    manager = client.post("/api/v1/auth/token", json={"username": "quanly",
                                                       "password": desk["centre"].password})
    today = datetime.now(VIETNAM).date().isoformat()
    answer = client.get(f"/api/v1/reports/dossiers?from=2026-12-01&to={today}&group=site",
                        headers={"Authorization": f"Bearer {manager.get_json()['token']}"})
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    total = report["total"]
    # Handed in: 0101, 0102 (one visit), 0201-0203 (one), 0301, 0501, 0601, 0801 (one each).
    assert (total["linked"], total["visits"], total["dossiers_per_visit"]) == (9, 6, 1.5)
    assert (total["rated"], total["satisfied"], total["satisfaction_rate"]) == (2, 1, 50.0)
    # The pad's 4, 4, 3, 4 and the phone's 2, 1, 2, 3.
    assert {c["key"]: c["average"] for c in report["criteria"]} == {
        "attitude": 3.0, "guidance": 2.5, "time": 2.5, "result": 3.5}
    assert total["late_wait_mean_s"] is not None and total["late_wait_mean_s"] >= 0
    # Eight visits finished; the second visit for 0301 was refused its link: guidance only.
    assert report["visits"] == {"served": 8, "with_dossier": 7, "guidance_only": 1,
                                "guidance_only_rate": 12.5}
    sheet = client.get(f"/api/v1/reports/dossiers/export.csv?from=2026-12-01&to={today}",
                       headers={"Authorization": f"Bearer {manager.get_json()['token']}"})
    assert "Tỷ lệ hài lòng (%) (QĐ 766)" in sheet.get_data(as_text=True).splitlines()[0]


def test_marking_a_dossier_returned_while_serving_links_the_pick_up(desk):
    code = put_dossier(desk, "0901", status="ready")
    ticket = serve(desk)
    answer = desk["client"].post(f"/api/v1/dossiers/{code}/status", headers=desk["clerk"],
                                 json={"status": "returned"})
    assert answer.status_code == 200, answer.get_json()
    picked = rows(desk, TicketDossier, ticket_id=ticket["id"])
    assert [(row.kind, row.source) for row in picked] == [("returned", "counter")]
    finish(desk)


def test_the_phone_page_offers_the_criteria_until_the_visit_is_rated(desk):
    code = put_dossier(desk, "1001")
    page = desk["client"].get(f"/hs/{code}?check=5678").get_data(as_text=True)
    assert 'id="dossier-rating-form"' in page and "Thái độ của cán bộ" in page
    assert 'data-check="5678"' in page
    rated = desk["client"].post(f"/api/v1/dossiers/{code}/rating",
                                json={"scores": ALL_GOOD, "check": "5678"})
    assert rated.status_code == 201
    page = desk["client"].get(f"/hs/{code}?check=5678").get_data(as_text=True)
    assert 'id="dossier-rating-form"' not in page and "đã được đánh giá" in page


def test_a_pad_connecting_late_is_asked_for_the_dossiers_still_unrated(desk):
    serve(desk)
    rated, unrated = put_dossier(desk, "1101"), put_dossier(desk, "1102")
    for code in (rated, unrated):
        assert link(desk, code, desk["clerk"]).status_code == 201
    assert desk["client"].post(f"/api/v1/dossiers/{rated}/rating", json={"scores": ALL_GOOD},
                               headers=desk["pad"]).status_code == 201
    pad = socketio.test_client(desk["app"], namespace="/vote",
                               flask_test_client=desk["client"],
                               auth={"token": desk["centre"].tokens["vote-pad"]})
    asked = [event["args"][0]["code"] for event in pad.get_received("/vote")
             if event["name"] == "dossier_to_rate"]
    assert asked == [unrated]  # not the earlier visits' dossiers: those citizens have left
    pad.disconnect(namespace="/vote")
    finish(desk)


def test_the_report_page_names_the_criteria_and_the_guidance_only_visits(desk):
    client = desk["client"]
    login = client.get("/login").get_data(as_text=True)
    csrf = login.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": csrf, "username": "quanly",
                                "password": desk["centre"].password})
    today = datetime.now(VIETNAM).date().isoformat()
    page = client.get(f"/reports/dossiers?from=2026-12-01&to={today}").get_data(as_text=True)
    assert 'data-criterion="attitude"' in page and "Thái độ của cán bộ" in page
    assert 'data-figure="guidance_only"' in page and "Tỷ lệ hài lòng (%) (QĐ 766)" in page


def test_the_decision_766_view_counts_ratings_tickets_and_exports(desk):
    client = desk["client"]
    manager = client.post("/api/v1/auth/token", json={"username": "quanly",
                                                       "password": desk["centre"].password})
    bearer = {"Authorization": f"Bearer {manager.get_json()['token']}"}
    today = datetime.now(VIETNAM).date().isoformat()
    answer = client.get(f"/api/v1/reports/766?from=2026-12-01&to={today}&group=site",
                        headers=bearer)
    assert answer.status_code == 200, answer.get_json()
    (row,) = [row for row in answer.get_json()["rows"] if row["counts"]["dossier_ratings"]]
    # Rated: 0501 and 1101 at the pad, 1001 by phone, all satisfied; 0701 by phone, unhappy.
    assert (row["counts"]["dossier_ratings"], row["satisfaction_dossier_rate"]) == (4, 75.0)
    assert row["satisfaction_visit_rate"] is None and row["counts"]["votes"] == 0
    assert row["online_booked_share"] == 0.0 and row["wait_mean_s"] >= 0
    assert row["feedback_on_time_rate"] is None
    assert client.get(f"/api/v1/reports/766?from=2026-12-01&to={today}&group=counter",
                      headers=bearer).status_code == 422
    for group, key in (("clerk", "quay1"), ("service", "TPBK/DD"),
                       ("procedure", "TPBK/Cấp giấy phép xây dựng")):
        grouped = client.get(f"/api/v1/reports/766?from=2026-12-01&to={today}&group={group}",
                             headers=bearer)
        assert grouped.status_code == 200 and grouped.get_json()["group"] == group
        rated = {r["key"]: r for r in grouped.get_json()["rows"] if r["counts"]["dossier_ratings"]}
        assert rated[key]["counts"]["dossier_ratings"] >= 2, (group, rated)
        assert sum(r["counts"]["dossier_ratings"] for r in rated.values()) == 4
    sheet = client.get(f"/api/v1/reports/766/export.xlsx?from=2026-12-01&to={today}",
                       headers=bearer)
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    page = client.get(f"/reports/766?from=2026-12-01&to={today}").get_data(as_text=True)
    assert 'data-figure="satisfaction_dossier_rate">75,0<' in page
