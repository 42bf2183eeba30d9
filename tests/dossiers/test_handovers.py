"""Hand-overs between units (Mẫu 06): the result's return ends the work; lateness is put
down to the unit that held the dossier when its due time passed."""

from datetime import timedelta

import pytest

from server.engine import Actor
from server.engine.dossiers import Receipt, change_status, receive_dossier
from server.engine.errors import QueueError
from server.engine.handovers import HandoverStep, hand_over, responsible_unit, steps_of
from server.payloads.dossiers import DossierDetail
from tests.support.centre import provision_demo
from tests.support.engine import MORNING

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@pytest.fixture
def dossier(session, site):
    receipt = Receipt(procedure_name="Cấp giấy phép xây dựng", applicant_name="Bình",
                      processing_days=2)
    dossier = receive_dossier(session, site, receipt, Actor(user_id=1), now=MORNING)
    session.commit()
    return dossier  # received Wednesday 09:00, due Friday 09:00


def test_a_dossier_never_handed_on_lists_the_centre_alone(session, dossier):
    steps = steps_of(session, dossier, now=MORNING)
    assert steps == [HandoverStep(unit=dossier.site.name, received_at=MORNING, handed_at=None,
                                  by="clerk1", note="Tiếp nhận hồ sơ", on_time=None)]


def test_the_result_back_at_the_centre_ends_the_work_on_time(session, dossier):
    hand_over(session, dossier, "Phòng Kinh tế", Actor(user_id=2), "Cán bộ phòng",
              at=MORNING + HOUR, now=MORNING + HOUR)
    back = MORNING + DAY
    hand_over(session, dossier, "centre", Actor(user_id=1), "clerk1", at=back, now=back)
    assert (dossier.status, dossier.finished_at) == ("ready", back)
    steps = steps_of(session, dossier, now=back + DAY * 5)
    assert [(s.unit, s.received_at, s.handed_at, s.on_time) for s in steps] == [
        (dossier.site.name, MORNING, MORNING + HOUR, True),
        ("Phòng Kinh tế", MORNING + HOUR, back, True),
        (dossier.site.name, back, None, None)]
    assert steps[2].note == "Kết quả chuyển về Bộ phận Một cửa"
    assert responsible_unit(steps, dossier, late=False) == "Phòng Kinh tế"
    # The citizen's pick-up days later does not move the end of the work.
    change_status(session, dossier, "returned", Actor(user_id=1), now=back + DAY * 6)
    assert dossier.finished_at == back and dossier.returned_at == back + DAY * 6


def test_lateness_is_put_down_to_the_unit_that_held_it_at_the_due_time(session, dossier):
    hand_over(session, dossier, "Phòng Kinh tế", Actor(), at=MORNING + HOUR,
              now=MORNING + HOUR)
    hand_over(session, dossier, "Sở Xây dựng", Actor(), at=MORNING + DAY,
              now=MORNING + DAY)
    late = MORNING + DAY * 5
    hand_over(session, dossier, "S1", Actor(), at=late, now=late)  # the site's code: the centre
    steps = steps_of(session, dossier, now=late)
    assert responsible_unit(steps, dossier, late=True) == "Sở Xây dựng"
    assert [step.on_time for step in steps] == [True, True, False, None]


def test_hand_overs_out_of_order_or_to_the_holder_are_refused(session, dossier):
    hand_over(session, dossier, "Phòng Kinh tế", Actor(), at=MORNING + HOUR,
              now=MORNING + HOUR)
    with pytest.raises(QueueError) as refused:
        hand_over(session, dossier, "Phòng Kinh tế", Actor(), now=MORNING + DAY)
    assert refused.value.code == "already_held"
    with pytest.raises(QueueError) as refused:
        hand_over(session, dossier, "Sở Xây dựng", Actor(), at=MORNING, now=MORNING + DAY)
    assert refused.value.code == "handover_out_of_order"


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("handovers"))
    centre.tokens["software"] = centre.add_device("integration", "Phần mềm một cửa tỉnh")
    return centre


def test_the_api_records_steps_and_the_put_carries_them(centre):
    client = centre.app().test_client()
    token = client.post("/api/v1/auth/token",
                        json={"username": "quay6", "password": centre.password}).get_json()
    clerk = {"Authorization": f"Bearer {token['token']}"}
    received = client.post("/api/v1/dossiers", headers=clerk, json={
        "procedure": "Chứng thực", "applicant_name": "An", "processing_days": 2,
        "print": False}).get_json()
    answer = client.post(f"/api/v1/dossiers/{received['code']}/handovers", headers=clerk,
                         json={"unit": "Phòng Tư pháp"})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    DossierDetail.model_validate(body)
    assert [step["unit"] for step in body["handovers"]][1:] == ["Phòng Tư pháp"]
    assert client.post(f"/api/v1/dossiers/{received['code']}/handovers", headers=clerk,
                       json={"unit": "Phòng Tư pháp"}).status_code == 409
    shown = client.get(f"/api/v1/dossiers/{received['code']}", headers=clerk).get_json()
    assert len(shown["handovers"]) == 2 and shown["channel"] == "in_person"

    software = {"Authorization": f"Bearer {centre.tokens['software']}"}
    put = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Bình",
           "received_at": "2026-11-20T08:15:00+07:00", "due_date": "2026-12-04",
           "status": "ready", "channel": "post", "handovers": [
               {"unit": "Phòng Kinh tế", "at": "2026-11-20T10:00:00+07:00"},
               {"unit": "centre", "at": "2026-11-27T15:00:00+07:00"}]}
    for _ in range(2):  # the same description again adds nothing
        assert client.put("/api/v1/dossiers/000.00.12.H26-251120-0001", headers=software,
                          json=put).status_code in (200, 201)
    shown = client.get("/api/v1/dossiers/000.00.12.H26-251120-0001", headers=clerk).get_json()
    centre_name = shown["handovers"][0]["unit"]
    assert [step["unit"] for step in shown["handovers"]] == [
        centre_name, "Phòng Kinh tế", centre_name]
    assert shown["channel"] == "post"
    # Ready when the result reached the centre, not when the software synced.
    assert shown["result_at"].startswith("2026-11-27T08:00:00")
