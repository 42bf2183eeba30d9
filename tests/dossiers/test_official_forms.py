"""The official forms (Mẫu 01–05) as A4 PDF: each renders, reads back with its Vietnamese
text, embeds its fonts, and is served to staff of the form's site only."""

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from server.official_forms.content import processing_time_text
from server.official_forms.forms import (
    ApologyForm,
    Applicant,
    DocumentReceived,
    ReceiptForm,
    RefusalForm,
    StopNoticeForm,
    SupplementForm,
)
from server.official_forms.page import Heading, day_or_dots, moment_or_dots
from tests.support.centre import provision_demo
from tests.support.clients import staff_headers

HEADING = Heading("UBND phường Hoàn Kiếm", "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
                  "Số: 7/TNHS", "Hà Nội", date(2026, 12, 7))
ANH = Applicant("Nguyễn Thị Hằng", "Số 12 phố Hàng Bạc", "0912345678")
RECEIVED = datetime(2026, 12, 7, 2, 5, tzinfo=UTC)  # 09:05 in Hà Nội
DUE = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # 16:00
FORMS = {
    "01": (ReceiptForm(HEADING, ANH, "Đăng ký khai sinh", code="261207-K7M3QX9P",
                       documents=(DocumentReceived("Giấy chứng sinh", 1, 2),), sets=1,
                       processing_time="03 ngày làm việc", received_at=RECEIVED, due_at=DUE,
                       delivery="Tại nơi tiếp nhận hồ sơ", register_book="2026",
                       register_number="7", clerk_name="Trần Văn Bình"),
           ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Giấy chứng sinh", "09 giờ 05 phút",
            "16 giờ 00 phút, ngày 10 tháng 12 năm 2026", "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ", "Số thứ tự: 7"]),
    "02": (SupplementForm(HEADING, ANH, "Đăng ký khai sinh",
                          missing=("Bản chính giấy chứng sinh",), clerk_name="Trần Văn Bình"),
           ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "1. Bản chính giấy chứng sinh",
            "NGƯỜI HƯỚNG DẪN"]),
    "03": (RefusalForm(HEADING, ANH, "Đăng ký khai sinh", reason="Không thuộc thẩm quyền",
                       clerk_name="Trần Văn Bình"),
           ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Không thuộc thẩm quyền"]),
    "04": (ApologyForm(HEADING, ANH, "Đăng ký khai sinh", code="261207-K7M3QX9P",
                       received_at=RECEIVED, original_due_at=DUE,
                       new_due_at=datetime(2026, 12, 14, 9, 0, tzinfo=UTC),
                       reason="Cần xác minh"),
           ["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Kính gửi: Nguyễn Thị Hằng",
            "ngày 14 tháng 12 năm 2026", "Cần xác minh", "Nơi nhận"]),
    "05": (StopNoticeForm(HEADING, ANH, "Đăng ký khai sinh", code="261207-K7M3QX9P",
                          received_at=RECEIVED, stopped_at=DUE, reason="Rút hồ sơ"),
           ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Theo đề nghị dừng giải quyết", "Rút hồ sơ"]),
}
NATIONAL = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Hà Nội, ngày 07 tháng 12 năm 2026"]


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    flat = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, flat


def embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/FontFile2" in descriptor:
                names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("number", sorted(FORMS))
def test_each_form_is_one_a4_page_with_its_words_and_its_fonts_inside(number):
    form, words = FORMS[number]
    reader, flat = read(form.render())
    assert form.number == number
    width, height = (float(side) for side in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    assert len(reader.pages) == 1
    for expected in NATIONAL + words:
        assert expected in flat, expected
    assert "LiberationSerif" in embedded_fonts(reader)
    assert "LiberationSerifBold" in embedded_fonts(reader)


def test_a_letter_dates_a_dossier_by_its_day_in_vietnam():
    early = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # 06:30 on 7 December in Vietnam
    assert day_or_dots(early) == "ngày 07 tháng 12 năm 2026"
    assert moment_or_dots(early) == "06 giờ 30 phút, ngày 07 tháng 12 năm 2026"
    assert day_or_dots(None) == moment_or_dots(None) == "…………"


def test_processing_time_reads_as_the_national_pages_write_it():
    assert [processing_time_text(days) for days in (0, 0.5, 3, 15, None)] == [
        "Trong ngày", "0,5 ngày làm việc", "03 ngày làm việc", "15 ngày làm việc", ""]


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    return provision_demo(tmp_path_factory.mktemp("official-forms"))


@pytest.fixture(scope="module")
def client(centre):
    return centre.app().test_client()


@pytest.fixture(scope="module")
def staff(client, centre):
    return staff_headers(client, centre.password, "quay6", "quanly", "admin", "ducxuan")


PAPERS = {"procedure": "Chứng thực bản sao từ bản chính", "applicant_name": "Trần Thị Bình",
          "applicant_address": "Tổ 5, phường Phan Đình Phùng", "phone": "0912 000 111"}


def _outcome(client, staff, body: dict) -> dict:
    answer = client.post("/api/v1/counters/6/outcomes", headers=staff["quay6"],
                         json=PAPERS | body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _pdf_text(client, headers: dict, url: str) -> str:
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    assert answer.mimetype == "application/pdf"
    return read(answer.data)[1]


def test_each_outcome_answers_the_url_of_its_form(client, staff):
    received = _outcome(client, staff, {
        "kind": "received", "processing_days": 2, "print": False, "sets": 2,
        "result_delivery": "post",
        "documents": [{"name": "Giấy khai sinh", "originals": 1, "copies": 3}]})
    code = received["dossier"]["code"]
    assert received["form_url"] == f"/api/v1/dossiers/{code}/forms/01.pdf"
    text = _pdf_text(client, staff["quay6"], received["form_url"])
    for expected in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", code, "Trần Thị Bình",
                     "Tổ 5, phường Phan Đình Phùng", "Giấy khai sinh", "Số lượng hồ sơ: 02",
                     "02 ngày làm việc", "bưu chính", "Cán bộ quầy 6", "Thái Nguyên, ngày"):
        assert expected in text, expected
    guided = _outcome(client, staff, {"kind": "supplement", "missing": ["Bản chính CCCD"]})
    assert guided["form_url"] == f"/api/v1/outcomes/{guided['id']}/form.pdf"
    text = _pdf_text(client, staff["quay6"], guided["form_url"])
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Bản chính CCCD" in text
    assert "Tổ 5, phường Phan Đình Phùng" in text and "0208 3 000 000" in text
    refused = _outcome(client, staff, {"kind": "refused", "reason": "Không thuộc thẩm quyền"})
    text = _pdf_text(client, staff["quay6"], refused["form_url"])
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" in text and "Không thuộc thẩm quyền" in text


def test_a_dossier_has_the_letters_only_once_they_apply(client, staff):
    code = _outcome(client, staff, {"kind": "received", "processing_days": 2,
                                    "print": False})["dossier"]["code"]
    base = f"/api/v1/dossiers/{code}/forms"
    clerk = staff["quay6"]
    for number, status, error in (("04", 409, "form_not_applicable"),
                                  ("05", 409, "form_not_applicable"),
                                  ("02", 409, "form_not_applicable"),
                                  ("07", 404, "unknown_form")):
        answer = client.get(f"{base}/{number}.pdf", headers=clerk)
        assert (answer.status_code, answer.get_json()["error"]["code"]) == (status, error)
    extended = client.post(f"/api/v1/dossiers/{code}/extend", headers=clerk,
                           json={"due_at": "2030-01-10", "reason": "Chờ xác minh"})
    assert extended.status_code == 200, extended.get_json()
    text = _pdf_text(client, clerk, f"{base}/04.pdf")
    assert "PHIẾU XIN LỖI" in text and "Chờ xác minh" in text and "năm 2030" in text
    asked = client.post(f"/api/v1/dossiers/{code}/status", headers=clerk, json={
        "status": "supplement_requested", "reason": "Bản sao sổ hộ khẩu\nẢnh 3x4"})
    assert asked.status_code == 200, asked.get_json()
    text = _pdf_text(client, clerk, f"{base}/02.pdf")
    assert "1. Bản sao sổ hộ khẩu" in text and "2. Ảnh 3x4" in text


def test_only_staff_of_the_site_get_the_forms(client, staff, centre):
    received = _outcome(client, staff, {"kind": "received", "processing_days": 1,
                                        "print": False})
    refused = _outcome(client, staff, {"kind": "refused", "reason": "Sai thẩm quyền"})
    for url in (received["form_url"], refused["form_url"]):
        for name in ("quay6", "quanly", "admin"):
            assert client.get(url, headers=staff[name]).status_code == 200, (url, name)
        elsewhere = client.get(url, headers=staff["ducxuan"])
        assert elsewhere.status_code == 404, url
        assert client.get(url).status_code == 401
        kiosk = client.get(url, headers={"Authorization": f"Bearer {centre.tokens['kiosk']}"})
        assert kiosk.status_code == 403
    missing = client.get("/api/v1/outcomes/999999/form.pdf", headers=staff["quay6"])
    assert missing.status_code == 404


def test_the_control_sheet_lists_each_hand_over_and_who_held_it_late(client, staff):
    clerk = staff["quay6"]
    code = _outcome(client, staff, {"kind": "received", "processing_days": 2,
                                    "print": False})["dossier"]["code"]
    base = f"/api/v1/dossiers/{code}"
    text = _pdf_text(client, clerk, f"{base}/forms/06.pdf")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and code in text
    assert "Đang giữ" in text  # only the centre's own step so far
    sent = client.post(f"{base}/handovers", headers=clerk, json={"unit": "Phòng Tư pháp"})
    assert sent.status_code == 201, sent.get_json()
    back = client.post(f"{base}/handovers", headers=clerk, json={"unit": "centre"})
    assert back.status_code == 201, back.get_json()
    text = _pdf_text(client, clerk, f"{base}/forms/06.pdf")
    assert "1. Giao:" in text and "Nhận: Phòng Tư pháp" in text
    assert "2. Giao: Phòng Tư pháp" in text
    assert text.count("đúng hạn") == 3  # the column's heading and both rows
    assert "Đang giữ" not in text and "Kết quả đã về" in text
