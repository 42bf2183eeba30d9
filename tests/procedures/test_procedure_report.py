"""Reports grouped by procedure: tickets taken for each procedure, and those without one."""

import pytest

from server.engine.days import VIETNAM
from server.models import utcnow

pytestmark = pytest.mark.live


def test_report_by_procedure(api, centre, kiosk_token):
    assert api.issue(kiosk_token, None, procedure="1.001193").status_code == 201
    assert api.issue(kiosk_token, None, procedure="1.001193").status_code == 201
    assert api.issue(kiosk_token, "DD").status_code == 201
    manager = api.staff_token("quanly", centre.password)
    today = utcnow().astimezone(VIETNAM).date().isoformat()
    report = api.call("GET", "/api/v1/reports", manager,
                      params={"from": today, "to": today, "group": "procedure"})
    assert report.status_code == 200, report.text
    rows = {row["label"]: row for row in report.json()["rows"]}
    assert rows["Đăng ký khai sinh"]["issued"] == 2 and rows["Đăng ký khai sinh"]["key"] == \
        "1.001193"
    assert rows["Không gắn thủ tục"]["issued"] == 1
    assert report.json()["total"]["issued"] == 3
    export = api.call("GET", "/api/v1/reports/export.csv", manager,
                      params={"from": today, "to": today, "group": "procedure"})
    assert export.status_code == 200 and "Thủ tục" in export.text
    assert "Đăng ký khai sinh" in export.text
