"""The feedback CSV writes when a message came in as Vietnam's local day and time."""

from reports.feedback_inbox import CSV_HEADINGS, _csv_row

ITEM = {"code": "GY-7K2M9Q", "site": "TPBK", "created_at": "2026-12-07T17:05:00+00:00",
        "category_label": "Khác", "text": "Cần thêm ghế chờ.", "name": "", "phone": "",
        "source": "web", "ticket": None, "dossier": None, "status_label": "Mới",
        "assignee": None, "reply": None, "answer_time_s": 0}


def test_the_date_column_is_local_day_and_24_hour_time_not_utc_iso():
    row = dict(zip(CSV_HEADINGS, _csv_row(ITEM), strict=True))
    assert row["Ngày gửi"] == "08/12/2026 00:05"  # 17:05 UTC is past midnight in Hà Nội
