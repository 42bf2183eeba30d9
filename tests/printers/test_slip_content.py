"""What the server puts on a slip: the heading lines and the ticket's procedure."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

from flask import Flask

from server.models import Procedure, Site
from server.printing.jobs import ticket_print
from server.printing.receipts import receipt_print

CENTRE = "Trung tâm Phục vụ hành chính công"
FULL_NAME = "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
WHEN = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def in_app(build):
    app = Flask(__name__)
    app.config["CENTRE_NAME"] = CENTRE
    with app.app_context():
        return build()


def test_a_receipt_of_a_site_named_in_full_heads_with_that_name_alone():
    site = Site(code="TN", name=FULL_NAME, address="")
    dossier = SimpleNamespace(site=site, code="261207-ABCDEFGH", procedure_name="Khai sinh",
                              applicant_name="Nguyễn Văn An", received_at=WHEN,
                              due_date=date(2026, 12, 8), clerk=None,
                              due_at=datetime(2026, 12, 8, 10, 0, tzinfo=UTC))
    receipt = in_app(lambda: receipt_print(SimpleNamespace(dossier=dossier, qr_url=None)))
    assert (receipt.centre_name, receipt.site_name) == (FULL_NAME, "")


def test_a_ticket_taken_for_a_procedure_carries_its_name_to_the_slip():
    site = Site(code="TN", name=FULL_NAME, citizen_address="ong_ba", ticket_footer="")
    procedure = Procedure(code="1.001766", name="Đăng ký khai sinh")
    ticket = SimpleNamespace(site=site, service=SimpleNamespace(name="Hộ tịch"), number="6001",
                             issued_at=WHEN, priority=False, appointment_at=None,
                             procedure=procedure)
    job = SimpleNamespace(ticket=ticket, waiting_ahead=2, estimated_wait_s=300,
                          estimated_low_s=None, estimated_high_s=None, qr_url=None)
    slip = in_app(lambda: ticket_print(job))
    assert slip.procedure == "Đăng ký khai sinh"
    assert (slip.centre_name, slip.site_name) == (FULL_NAME, "")
