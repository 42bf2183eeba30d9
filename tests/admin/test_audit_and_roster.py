"""The audit trail names what changed (sites, counters, services by name) and includes the
duty roster's saves."""

import html
import re
from datetime import date, timedelta

import pytest

from tests.support.admin import audit_rows
from tests.support.staff import StaffBrowser

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def admin(live_server, centre):
    return StaffBrowser(live_server.url, "admin", centre.password)


def _audit_row(page: str, text: str) -> str:
    rows = [row for row in re.findall(r"<tr.*?</tr>", html.unescape(page), re.S) if text in row]
    assert rows, text
    return rows[0]


def test_the_audit_names_rows_and_related_rows_instead_of_ids(admin, centre):
    created = admin.post("/admin/counters/new", [
        ("site_id", "1"), ("number", "41"), ("name", "Quầy tiếp nhận 41"),
        ("services", "5"), ("services", "6")])
    assert created.status_code == 302, created.text
    row = _audit_row(admin.get("/admin/audit?entity=counters").text, "Quầy tiếp nhận 41")
    counter_id = audit_rows(centre, "counters")[-1].entity_id
    assert f"“Quầy tiếp nhận 41” (#{counter_id})" in row
    assert "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên" in row  # the site, by name
    assert "TPBK · Chứng thực, TPBK · Hộ tịch" in row  # the services, by name
    assert "→ 1</div>" not in row and "5, 6" not in row


def test_saving_the_roster_is_audited(live_server, centre, admin):
    manager = StaffBrowser(live_server.url, "quanly", centre.password)
    monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(days=21)
    saved = manager.post(f"/reports/roster?start={monday.isoformat()}&site=TPBK", {
        "c1d0s0": "quay1", "c1d0s0from": "07:30", "c1d0s0to": "11:30",
        "c2d1s0": "quay2", "c2d1s0from": "13:30", "c2d1s0to": "17:00"})
    assert saved.status_code == 302
    last = audit_rows(centre, "roster")[-1]
    assert (last.username, last.action, last.after["shifts"]) == ("quanly", "update", 2)
    row = _audit_row(admin.get("/admin/audit").text, "Lịch trực")
    assert "Số ca trực" in row and f"{monday:%d/%m/%Y}" in row and "quanly" in row


def test_the_roster_page_picks_the_site_and_marks_days_off(admin):
    page = html.unescape(admin.get("/reports/roster?start=2026-08-31&site=DUCXUAN").text)
    picker = re.search(r'<select name="site">(.*?)</select>', page, re.S).group(1)
    assert re.search(r'value="DUCXUAN" selected', picker) and 'value="TPBK"' in picker
    headers = re.findall(r"<th( class=\"day-off\")?>(Thứ \w+|Chủ nhật)<br>.*?</th>", page,
                         re.S)
    off = [day for marked, day in headers if marked]
    assert {"Thứ Tư", "Thứ Bảy", "Chủ nhật"} <= set(off)  # 2 September, and the weekend
    assert "Thứ Năm" not in off and "Thứ Sáu" not in off
    assert "Nghỉ: Quốc khánh" in page or "Nghỉ: Ngày Quốc khánh" in page

