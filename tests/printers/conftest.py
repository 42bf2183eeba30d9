from datetime import UTC, datetime

import pytest

from printers import TicketPrint
from tests.support.fake_printer import FakeEscposPrinter


@pytest.fixture
def ticket() -> TicketPrint:
    return TicketPrint(
        centre_name="Trung tâm Phục vụ Hành chính công tỉnh Quảng Nam",
        site_name="Điểm tiếp nhận Hội An",
        service_name="Chứng thực, Hộ tịch",
        number="A015",
        issued_at=datetime(2026, 11, 25, 2, 41, tzinfo=UTC),
        waiting_ahead=5,
        estimated_wait_s=720,
        priority=False,
        qr_url="https://qms.example.vn/t/A015",
        footer="Vui lòng chú ý màn hình và loa gọi số. Xin cảm ơn!",
    )


@pytest.fixture
def fake_printer():
    with FakeEscposPrinter() as printer:
        yield printer
