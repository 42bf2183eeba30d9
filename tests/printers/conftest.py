from datetime import UTC, datetime
from functools import partial

import pytest

from printers import TicketPrint, open_printer, render_ticket, ticket_commands
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


@pytest.fixture
def open_uri(tmp_path):
    """Open a printer URI as a kiosk's would, with the test's folder as the instance."""
    return partial(open_printer, instance_path=str(tmp_path))


@pytest.fixture
def slip(ticket):
    """The ticket's slip image, at the default paper width."""
    return render_ticket(ticket)


@pytest.fixture
def job(slip) -> bytes:
    """The ESC/POS job that prints the slip."""
    return ticket_commands(slip)
