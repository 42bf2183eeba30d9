"""The public look-up of a dossier, in process: the one-stop software's sequential codes need
the last 4 digits of the applicant's phone or ID number, and no reason is ever shown."""

import pytest

from tests.dossiers.desk import open_desk
from tests.support.centre import provision_demo

SERIES = "000.00.12.H26-261207-"
BODY = {"procedure": "Cấp giấy phép xây dựng", "applicant_name": "Trần Thị Bình",
        "received_at": "2026-12-01T08:15:00+07:00", "due_date": "2026-12-20",
        "status": "refused", "reason": "Ông Trần Văn Cường, CCCD 001203004567, đã có hồ sơ"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    desk = open_desk(provision_demo(tmp_path_factory.mktemp("lookup")), SERIES,
                     DOSSIER_PREFIX_FAILURE_LIMIT="5/600")
    app, client, bearer = desk["app"], desk["client"], desk["software"]
    dossiers = {"0001": BODY | {"phone": "0912 345 678"},
                "0002": BODY | {"applicant_id_number": "001203009876"},
                "0003": BODY}
    for number, body in dossiers.items():
        answer = client.put(f"/api/v1/dossiers/{SERIES}{number}", json=body, headers=bearer)
        assert answer.status_code == 201, answer.get_json()
    yield client
    app.extensions["qms_engine"].dispose()


def status(client, code: str, check: str | None = None):
    query = f"?check={check}" if check else ""
    return client.get(f"/api/v1/dossiers/{code}/status{query}")


def test_a_software_code_alone_shows_nothing(desk):
    answer = status(desk, SERIES + "0001")
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "check_needed"
    text = answer.get_data(as_text=True)
    assert "Trần" not in text and "giấy phép" not in text
    missing = status(desk, SERIES + "0999")
    assert missing.status_code == 403, "a code that does not exist answers the same"


def test_the_phones_or_id_numbers_last_digits_open_it_without_the_reason(desk):
    by_phone = status(desk, SERIES + "0001", "5678")
    by_id = status(desk, SERIES + "0002", "9876")
    for answer in (by_phone, by_id):
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json()["status"] == "refused"
        assert "reason" not in answer.get_json()
        text = answer.get_data(as_text=True)
        assert "001203004567" not in text and "Cường" not in text
    assert status(desk, SERIES + "0001", "9876").status_code == 404


def test_a_dossier_with_neither_recorded_is_not_shown(desk):
    answer = status(desk, SERIES + "0003", "0000")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "dossier_not_found"


def test_failed_guesses_are_counted_per_series_whatever_the_address(desk):
    series = "000.00.12.H27-261207-"
    answers = [desk.get(f"/api/v1/dossiers/{series}{n:04d}/status?check=1111",
                        environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
               for n in range(1, 8)]
    assert answers[:5] == [404] * 5 and answers[5:] == [429, 429]
    assert status(desk, SERIES + "0001", "5678").status_code == 200, "another series still opens"


def test_the_phone_page_asks_for_the_four_digits(desk):
    page = desk.get(f"/hs/{SERIES}0001")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert 'name="check"' in text and "4 số cuối" in text
    shown = desk.get(f"/hs/{SERIES}0001?check=5678")
    assert shown.status_code == 200 and "Từ chối" in shown.get_data(as_text=True)
    assert "001203004567" not in shown.get_data(as_text=True)
