"""Reasons given on unhappy votes appear in the report, on its page and in both exports."""

import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from server.engine.days import VIETNAM
from tests.support.browser import log_in
from tests.support.visits import serve_visit

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_reasons_are_counted_shown_and_exported(page, live_server, api, centre, kiosk_token,
                                                clerk_tokens):
    pad = centre.tokens["vote-pad"]  # the demo's pad at counter 1
    for reason in ("Chờ lâu; Hướng dẫn chưa rõ", "Chờ lâu", ""):
        serve_visit(api, kiosk_token, clerk_tokens[1], 1, "DD")
        body = {"rating": 1, "reason": reason} if reason else {"rating": 2}
        assert api.call("POST", "/api/v1/votes", pad, json=body).status_code == 201
    manager = api.staff_token("quanly", centre.password)
    today = datetime.now(VIETNAM).date().isoformat()
    params = {"from": today, "to": today, "group": "counter", "site": "TPBK"}
    report = api.call("GET", "/api/v1/reports", manager, params=params).json()
    assert report["reasons"] == [{"reason": "Chờ lâu", "count": 2},
                                 {"reason": "Hướng dẫn chưa rõ", "count": 1}]

    text = api.call("GET", "/api/v1/reports/export.csv", manager, params=params).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    start = rows.index(["Lý do chưa hài lòng", "Số lượt chọn"])
    assert rows[start + 1:start + 3] == [["Chờ lâu", "2"], ["Hướng dẫn chưa rõ", "1"]]
    workbook = load_workbook(io.BytesIO(api.call("GET", "/api/v1/reports/export.xlsx", manager,
                                                 params=params).content))
    sheet = workbook["Lý do chưa hài lòng"]
    assert [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ["Chờ lâu", 2], ["Hướng dẫn chưa rõ", 1]]

    log_in(page, live_server.url, "quanly", centre.password, "/reports/")
    expect(page.locator("#reasons tbody tr").first).to_have_text(re.compile(r"Chờ lâu\s*2"))
    expect(page.locator("#no-reasons")).to_be_hidden()
