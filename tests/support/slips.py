"""Printing helpers: a live server with a fast print worker, the slips it should print."""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from PIL import Image, ImageChops

from printers import TicketPrint, render_ticket
from server.config import DEFAULTS
from tests.support.centre import provision_demo
from tests.support.clients import Api
from tests.support.fake_printer import FakeEscposPrinter
from tests.support.server import LiveServer

PUBLIC_URL = "http://qms.test"
FAST_SPOOLER = {"QMS_PUBLIC_URL": PUBLIC_URL, "QMS_SPOOL_POLL_S": "0.1",
                "QMS_SPOOL_BACKOFF_BASE_S": "0.2", "QMS_SPOOL_BACKOFF_CAP_S": "0.5",
                "QMS_PRINTER_CHECK_S": "1"}
CITY_NAME = "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
WARD_NAME = "Trung tâm Phục vụ hành chính công phường Đức Xuân"
FOOTER = "Quý khách vui lòng giữ phiếu và chú ý màn hình, loa gọi số."


def start_server(centre) -> LiveServer:
    """Start the centre's server with a spooler that retries within a second."""
    return LiveServer(centre.instance, env=FAST_SPOOLER).start()


@contextmanager
def kiosk_with_printer(folder, kiosk_name: str) -> Iterator[dict]:
    """A demo centre in ``folder`` whose kiosk ``kiosk_name`` prints on a fake printer, served
    live: yields its ``centre``, ``server``, ``api``, ``printer`` and kiosk ``token``."""
    centre = provision_demo(folder)
    with FakeEscposPrinter() as printer:
        token = centre.add_device("kiosk", kiosk_name, printer_uri=printer.uri)
        server = start_server(centre)
        try:
            yield {"centre": centre, "server": server, "api": Api(server.url),
                   "printer": printer, "token": token}
        finally:
            server.stop()


def expected_slip(issued: dict, site_name: str = CITY_NAME) -> TicketPrint:
    """Rebuild the slip the server should print from the kiosk's issue answer.

    The demo's sites are named in full, so the site's name heads the slip alone.
    """
    assert site_name.startswith(DEFAULTS["CENTRE_NAME"])
    return TicketPrint(
        centre_name=site_name, site_name="",
        service_name=issued["service_name"], number=issued["number"],
        issued_at=datetime.fromisoformat(issued["issued_at"]),
        waiting_ahead=issued["waiting_ahead"], estimated_wait_s=issued["estimated_wait_s"],
        estimated_range_s=tuple(issued["estimated_wait_range_s"])
        if issued.get("estimated_wait_range_s") else None,
        priority=issued["priority"], qr_url=f"{PUBLIC_URL}/t/{issued['public_code']}",
        footer=FOOTER,
    )


def same_image(a: Image.Image, b: Image.Image) -> bool:
    """Tell whether two slips are pixel-for-pixel the same."""
    a, b = a.convert("1"), b.convert("1")
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


def strip_marks(text: str) -> str:
    """Remove every Vietnamese diacritic, as a code-page printer would."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("Đ", "D").replace("đ", "d")


def stripped_render(slip: TicketPrint) -> Image.Image:
    """Render the same slip with every diacritic removed."""
    return render_ticket(replace(slip, centre_name=strip_marks(slip.centre_name),
                                 site_name=strip_marks(slip.site_name),
                                 service_name=strip_marks(slip.service_name),
                                 footer=strip_marks(slip.footer)))


def printer_of(api, token: str, device_name: str) -> dict:
    """Return the admin view of one kiosk's printer."""
    response = api.call("GET", "/api/v1/printers", token)
    assert response.status_code == 200, response.text
    return next(p for p in response.json()["printers"] if p["device"] == device_name)
