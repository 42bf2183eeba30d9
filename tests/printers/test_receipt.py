"""The dossier receipt slip (Mẫu 01): the due hour as well as the day, fitting the paper."""

from dataclasses import replace
from datetime import UTC, date, datetime

from printers import WIDTH_58MM, WIDTH_80MM, ReceiptPrint, render_receipt
from printers.receipt import due_text

RECEIPT = ReceiptPrint(centre_name="Trung tâm Phục vụ hành chính công",
                       site_name="Phường Phan Đình Phùng", code="261207-K7M3QX9P",
                       procedure="Chứng thực bản sao từ bản chính",
                       applicant_name="Nguyễn Văn An",
                       received_at=datetime(2026, 12, 7, 7, 0, tzinfo=UTC),
                       due_date=date(2026, 12, 10),
                       due_at=datetime(2026, 12, 10, 7, 0, tzinfo=UTC))


def test_the_slip_gives_the_due_hour_in_vietnam_time():
    assert due_text(RECEIPT) == "14:00 ngày 10/12/2026"


def test_a_slip_without_a_due_time_gives_the_date():
    assert due_text(replace(RECEIPT, due_at=None)) == "10/12/2026"


def test_the_slip_fits_both_papers():
    for width in (WIDTH_80MM, WIDTH_58MM):
        image = render_receipt(RECEIPT, width)
        assert image.mode == "1" and image.width == width
