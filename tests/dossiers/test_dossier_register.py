"""The register of dossiers (Mẫu 07): its columns headed in Vietnamese, one row per dossier
received in the period, the hand-overs' days, and the least personal data."""

import io
from datetime import timedelta

from openpyxl import load_workbook

from server.engine import Actor
from server.engine.dossiers import Receipt, change_status, extend_due, receive_dossier
from server.engine.handovers import hand_over
from server.provision import find_site
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.engine import MORNING

DAY = timedelta(days=1)


def test_the_register_lists_the_period_with_the_least_personal_data(tmp_path):
    centre = provision_demo(tmp_path)
    app = centre.app()
    client = app.test_client()
    with unit_of_work(app) as session:
        site = find_site(session, "TPBK")
        first = receive_dossier(session, site, Receipt(
            procedure_name="Cấp giấy phép xây dựng", applicant_name="Trần Thị Bình",
            phone="0912 345 678", processing_days=3, applicant_id_hash="h" * 64,
            applicant_id_last4="6789"), Actor(), now=MORNING)
        hand_over(session, first, "Phòng Kinh tế", Actor(), at=MORNING + DAY / 8,
                  now=MORNING + DAY / 8)
        hand_over(session, first, "centre", Actor(), at=MORNING + DAY * 2, now=MORNING + DAY * 2)
        change_status(session, first, "returned", Actor(), now=MORNING + DAY * 3)
        second = receive_dossier(session, site, Receipt(
            procedure_name="=HYPERLINK(\"x\")", applicant_name="Lê Văn Cường",
            processing_days=1), Actor(), now=MORNING + DAY)
        extend_due(session, second, MORNING + DAY * 6, "Chờ ý kiến sở", Actor(),
                   now=MORNING + DAY)
        receive_dossier(session, site, Receipt(procedure_name="Chứng thực",
                                               applicant_name="Ngoài kỳ", processing_days=1),
                        Actor(), now=MORNING + DAY * 40)
        codes = (first.code, second.code)
    token = client.post("/api/v1/auth/token", json={"username": "quanly",
                                                    "password": centre.password}).get_json()
    answer = client.get("/api/v1/reports/dossiers/register.xlsx",
                        query_string={"from": "2026-11-01", "to": "2026-11-30"},
                        headers={"Authorization": f"Bearer {token['token']}"})
    assert answer.status_code == 200
    assert "so-theo-doi-ho-so-2026-11-01-2026-11-30" in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.get_data())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "SỔ THEO DÕI HỒ SƠ"
    assert rows[4][:7] == ["TT", "Mã hồ sơ", "Tên TTHC", "Số lượng hồ sơ (bộ)",
                           "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
                           "Cơ quan chủ trì giải quyết"]
    assert rows[4][7] == "Ngày, tháng, năm" and rows[4][12:] == ["Ký nhận", "Ghi chú"]
    assert rows[5][7:12] == ["Nhận hồ sơ", "Hẹn trả kết quả",
                             "Chuyển hồ sơ đến cơ quan giải quyết",
                             "Nhận kết quả từ cơ quan giải quyết",
                             "Trả kết quả cho cá nhân, tổ chức"]
    assert rows[6][:3] == ["(1)", "(2)", "(3)"]
    body = rows[7:]
    assert [row[1] for row in body] == list(codes)  # the one outside the period is not there
    first_row, second_row = body
    assert first_row[5] == "ĐT: ***5678" and first_row[6] == "Phòng Kinh tế"
    assert first_row[7:12] == ["09:00 25/11/2026", "09:00 30/11/2026", "12:00 25/11/2026",
                               "09:00 27/11/2026", "09:00 28/11/2026"]
    assert second_row[2] == "'=HYPERLINK(\"x\")"
    assert "Gia hạn" in second_row[13] and "Chờ ý kiến sở" in second_row[13]
    text = " ".join(str(cell) for row in rows for cell in row if cell)
    assert "6789" not in text and "345" not in text  # no ID digits, the phone's last 4 only
